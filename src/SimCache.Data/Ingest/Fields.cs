using System.Buffers.Text;

namespace SimCache.Data.Ingest;

/// <summary>Field splitting and number parsing on byte spans, shared by the text rating readers.</summary>
internal static class Fields
{
    /// <summary>Splits <paramref name="line"/> on a single-byte delimiter into at most <c>ranges.Length</c> fields; returns the field count (may exceed the capacity, in which case the extra fields are not stored).</summary>
    public static int Split(ReadOnlySpan<byte> line, byte delimiter, Span<Range> ranges)
    {
        int count = 0, start = 0;
        while (true)
        {
            int rel = line[start..].IndexOf(delimiter);
            int end = rel < 0 ? line.Length : start + rel;
            if (count < ranges.Length) ranges[count] = new Range(start, end);
            count++;
            if (rel < 0) return count;
            start = end + 1;
        }
    }

    /// <summary>Splits on a multi-byte delimiter such as MovieLens' "::".</summary>
    public static int Split(ReadOnlySpan<byte> line, ReadOnlySpan<byte> delimiter, Span<Range> ranges)
    {
        int count = 0, start = 0;
        while (true)
        {
            int rel = line[start..].IndexOf(delimiter);
            int end = rel < 0 ? line.Length : start + rel;
            if (count < ranges.Length) ranges[count] = new Range(start, end);
            count++;
            if (rel < 0) return count;
            start = end + delimiter.Length;
        }
    }

    public static bool TryParseFloat(ReadOnlySpan<byte> s, out float value)
    {
        if (Utf8Parser.TryParse(s, out double d, out int consumed) && consumed == s.Length && double.IsFinite(d))
        {
            value = (float)d;
            return true;
        }
        value = 0;
        return false;
    }

    public static bool TryParseLong(ReadOnlySpan<byte> s, out long value) =>
        Utf8Parser.TryParse(s, out value, out int consumed) && consumed == s.Length && s.Length > 0;

    /// <summary>Parses YYYY-MM-DD (the Netflix Prize's date format) into Unix seconds at midnight UTC.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> s, out long unixSeconds)
    {
        unixSeconds = 0;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        if (!Digits(s[..4], out int y) || !Digits(s.Slice(5, 2), out int m) || !Digits(s.Slice(8, 2), out int d)) return false;
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        unixSeconds = (long)(new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int v)
    {
        v = 0;
        foreach (var b in s)
        {
            if (b < (byte)'0' || b > (byte)'9') return false;
            v = v * 10 + (b - '0');
        }
        return true;
    }

    /// <summary>A short, printable excerpt of a bad field for error messages.</summary>
    public static string Show(ReadOnlySpan<byte> s)
    {
        var t = System.Text.Encoding.UTF8.GetString(s.Length > 40 ? s[..40] : s);
        return "'" + t + (s.Length > 40 ? "…" : "") + "'";
    }
}
