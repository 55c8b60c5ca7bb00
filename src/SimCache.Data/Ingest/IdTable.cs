using System.Buffers.Text;
using System.Text;

namespace SimCache.Data.Ingest;

/// <summary>
/// Interns the raw user or item ids of a rating file into dense indices in first-seen order, without a
/// string per row. Integer ids are kept as integers (and sort numerically, as pandas sorts an integer
/// column); the first id that is not a canonical integer switches the table to ordinal string keys, which
/// is how MSD's hexadecimal user ids and any CSV's free-form ids are held.
/// </summary>
public sealed class IdTable
{
    private readonly bool _integersOnly;
    private Dictionary<long, int>? _longs = new();
    private List<long>? _longKeys = new();
    private Dictionary<string, int>? _strings;
    private List<string>? _stringKeys;
    private long _lastLong = long.MinValue;
    private int _lastIndex = -1;
    private char[] _chars = new char[256];

    /// <param name="integersOnly">If true, a non-integer id is an error (reported by the caller) instead of a switch to strings.</param>
    public IdTable(bool integersOnly) => _integersOnly = integersOnly;

    public int Count => _longKeys?.Count ?? _stringKeys!.Count;

    /// <summary>True while every id seen was an integer.</summary>
    public bool IsNumeric => _longKeys is not null;

    /// <summary>The dense index of <paramref name="token"/>, or -1 if it is not a valid id.</summary>
    public int Intern(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty) return -1;
        if (_longKeys is not null)
        {
            if (_integersOnly ? TryParseInteger(token, out long v) : TryParseCanonicalLong(token, out v))
            {
                if (v == _lastLong) return _lastIndex;
                if (!_longs!.TryGetValue(v, out int idx))
                {
                    idx = _longKeys.Count;
                    _longs.Add(v, idx);
                    _longKeys.Add(v);
                }
                _lastLong = v;
                _lastIndex = idx;
                return idx;
            }
            if (_integersOnly) return -1;
            SwitchToStrings();
        }
        return InternString(token);
    }

    /// <summary>Interns an id given as text (used by formats whose ids arrive as strings).</summary>
    public int Intern(string id) => Intern(Encoding.UTF8.GetBytes(id));

    private int InternString(ReadOnlySpan<byte> token)
    {
        int max = Encoding.UTF8.GetMaxCharCount(token.Length);
        if (_chars.Length < max) _chars = new char[Math.Max(max, _chars.Length * 2)];
        int n = Encoding.UTF8.GetChars(token, _chars);
        var key = _chars.AsSpan(0, n);
        var lookup = _strings!.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(key, out int idx)) return idx;
        var s = new string(key);
        idx = _stringKeys!.Count;
        _strings.Add(s, idx);
        _stringKeys.Add(s);
        return idx;
    }

    private void SwitchToStrings()
    {
        _stringKeys = new List<string>(_longKeys!.Count);
        _strings = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var k in _longKeys)
        {
            var s = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _strings.Add(s, _stringKeys.Count);
            _stringKeys.Add(s);
        }
        _longKeys = null;
        _longs = null;
    }

    /// <summary>The raw id of dense index <paramref name="index"/>, as text.</summary>
    public string KeyOf(int index) =>
        _longKeys is not null ? _longKeys[index].ToString(System.Globalization.CultureInfo.InvariantCulture) : _stringKeys![index];

    /// <summary>The dense indices ordered by raw id: numerically for integer ids, ordinally for strings.</summary>
    public int[] SortedOrder()
    {
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (_longKeys is not null)
        {
            var keys = _longKeys.ToArray();
            Array.Sort(keys, order);
        }
        else
        {
            var keys = _stringKeys!.ToArray();
            Array.Sort(keys, order, StringComparer.Ordinal);
        }
        return order;
    }

    /// <summary>An integer id of a format whose ids are integers: digits with an optional '-' (leading zeros allowed: "01" is 1, as pandas reads it).</summary>
    internal static bool TryParseInteger(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        return !s.IsEmpty && s[0] != (byte)'+' && Utf8Parser.TryParse(s, out value, out int consumed) && consumed == s.Length;
    }

    /// <summary>An integer id in a column that may also hold text: only the canonical form (no '+', no leading zeros), so the text maps back to the same id.</summary>
    internal static bool TryParseCanonicalLong(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 19) return false;
        int i = 0;
        bool neg = s[0] == (byte)'-';
        if (neg) { i = 1; if (s.Length == 1) return false; }
        if (s[i] < (byte)'0' || s[i] > (byte)'9') return false;
        if (s[i] == (byte)'0' && s.Length > i + 1) return false;
        if (neg && s.Length == 2 && s[1] == (byte)'0') return false;
        return Utf8Parser.TryParse(s, out value, out int consumed) && consumed == s.Length;
    }
}
