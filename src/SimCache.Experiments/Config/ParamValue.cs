using System.Globalization;
using System.Text.Json;

namespace SimCache.Experiments.Config;

/// <summary>
/// One value of a sweep parameter: a number, a string or a boolean. Its canonical text is what point keys and
/// cache strings are made of, so it is the same on every machine and run: numbers in invariant culture, whole
/// numbers without a decimal point (<c>100</c>, not <c>100.0</c>), others in the shortest round-trip form
/// (<c>0.2</c>, <c>1E-05</c>); strings verbatim; booleans <c>true</c>/<c>false</c>.
/// </summary>
public sealed class ParamValue : IEquatable<ParamValue>
{
    private ParamValue(double? number, string? text, bool? flag)
    {
        Number = number;
        Text = text;
        Flag = flag;
        Canonical = number is double n ? FormatNumber(n) : text ?? (flag!.Value ? "true" : "false");
    }

    /// <summary>The number, or null for a string or boolean.</summary>
    public double? Number { get; }

    /// <summary>The string, or null for a number or boolean.</summary>
    public string? Text { get; }

    /// <summary>The boolean, or null for a number or string.</summary>
    public bool? Flag { get; }

    /// <summary>The canonical text (see the type's remarks).</summary>
    public string Canonical { get; }

    public static ParamValue Of(double number)
    {
        if (!double.IsFinite(number)) throw new ArgumentOutOfRangeException(nameof(number), "a parameter value must be finite");
        return new(number == 0 ? 0 : number, null, null); // no negative zero: -0 and 0 are one point
    }

    public static ParamValue Of(string text) => new(null, text ?? throw new ArgumentNullException(nameof(text)), null);

    public static ParamValue Of(bool flag) => new(null, null, flag);

    /// <summary>Invariant, whole numbers without a fraction, others shortest round-trip.</summary>
    public static string FormatNumber(double v)
    {
        if (v == Math.Floor(v) && Math.Abs(v) < 1e15) return ((long)v).ToString(CultureInfo.InvariantCulture);
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the value as a JSON number, string or boolean.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        if (Number is double n)
        {
            if (n == Math.Floor(n) && Math.Abs(n) < 1e15) writer.WriteNumberValue((long)n);
            else writer.WriteNumberValue(n);
        }
        else if (Text is not null) writer.WriteStringValue(Text);
        else writer.WriteBooleanValue(Flag!.Value);
    }

    /// <summary>The value as SQLite stores it: a REAL for numbers, TEXT otherwise.</summary>
    public object ToDatabase() => Number is double n ? n : Canonical;

    public bool Equals(ParamValue? other) => other is not null && Canonical == other.Canonical && (Number is null) == (other.Number is null) && (Flag is null) == (other.Flag is null);

    public override bool Equals(object? obj) => Equals(obj as ParamValue);

    public override int GetHashCode() => HashCode.Combine(Canonical, Number is null, Flag is null);

    public override string ToString() => Canonical;
}
