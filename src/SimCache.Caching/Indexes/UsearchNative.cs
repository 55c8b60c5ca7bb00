using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace SimCache.Caching.Indexes;

/// <summary>
/// Direct calls into <c>libusearch_c</c>, the native library the Cloud.Unum.USearch package ships, with the
/// package's own option and enum types (so the struct layout is the one that build expects). The package's
/// managed <c>USearchIndex</c> cannot be used in a replay loop: it offers no way to change the search expansion
/// or reserve capacity, its <c>Add</c> re-reserves to size + 1 whenever the index is full (a reallocation per
/// insert), and its <c>Search</c> allocates two arrays per call. These entry points take caller-owned buffers.
/// </summary>
internal static unsafe class UsearchNative
{
    private const string Library = "libusearch_c";

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr usearch_init(ref IndexOptions options, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_free(IntPtr index, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern nuint usearch_expansion_search(IntPtr index, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_add(IntPtr index, ulong key, float* vector, ScalarKind kind, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern nuint usearch_remove(IntPtr index, ulong key, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool usearch_contains(IntPtr index, ulong key, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern nuint usearch_size(IntPtr index, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern nuint usearch_search(IntPtr index, float* query, ScalarKind kind, nuint count, ulong* keys, float* distances, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern void usearch_save(IntPtr index, string path, out IntPtr error);

    public static IntPtr Init(MetricKind metric, int dimensions, int connectivity, int expansionAdd, int expansionSearch)
    {
        var options = new IndexOptions
        {
            metric_kind = metric,
            metric = IntPtr.Zero,
            quantization = ScalarKind.Float32,
            dimensions = (ulong)dimensions,
            connectivity = (ulong)connectivity,
            expansion_add = (ulong)expansionAdd,
            expansion_search = (ulong)expansionSearch,
            multi = false,
        };
        var index = usearch_init(ref options, out var error);
        Check(error, "init");
        if (index == IntPtr.Zero) throw new InvalidOperationException("usearch init returned no index");
        return index;
    }

    public static void Free(IntPtr index)
    {
        usearch_free(index, out var error);
        Check(error, "free");
    }

    public static void Reserve(IntPtr index, int capacity)
    {
        usearch_reserve(index, (nuint)capacity, out var error);
        Check(error, "reserve");
    }

    public static void SetExpansionSearch(IntPtr index, int ef)
    {
        usearch_change_expansion_search(index, (nuint)ef, out var error);
        Check(error, "change_expansion_search");
    }

    public static int ExpansionSearch(IntPtr index)
    {
        var ef = usearch_expansion_search(index, out var error);
        Check(error, "expansion_search");
        return (int)ef;
    }

    public static void Add(IntPtr index, ulong key, ReadOnlySpan<float> vector)
    {
        IntPtr error;
        fixed (float* v = vector) usearch_add(index, key, v, ScalarKind.Float32, out error);
        Check(error, "add");
    }

    public static bool Remove(IntPtr index, ulong key)
    {
        var removed = usearch_remove(index, key, out var error);
        Check(error, "remove");
        return removed > 0;
    }

    public static bool Contains(IntPtr index, ulong key)
    {
        bool found = usearch_contains(index, key, out var error);
        Check(error, "contains");
        return found;
    }

    public static long Size(IntPtr index)
    {
        var size = usearch_size(index, out var error);
        Check(error, "size");
        return (long)size;
    }

    public static int Search(IntPtr index, ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        int count = Math.Min(keys.Length, distances.Length);
        nuint found;
        IntPtr error;
        fixed (float* q = query)
        fixed (ulong* k = keys)
        fixed (float* d = distances)
            found = usearch_search(index, q, ScalarKind.Float32, (nuint)count, k, d, out error);
        Check(error, "search");
        return (int)found;
    }

    public static void Save(IntPtr index, string path)
    {
        usearch_save(index, path, out var error);
        Check(error, "save");
    }

    private static void Check(IntPtr error, string operation)
    {
        if (error != IntPtr.Zero)
            throw new InvalidOperationException($"usearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
    }
}
