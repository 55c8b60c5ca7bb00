using System.Globalization;

namespace SimCache.Cli.Console;

/// <summary>Human-readable counts and rates ("12.5 MB", "1.2M rows/s") for progress displays.</summary>
public static class Amount
{
    public static string Format(double value, string unit)
    {
        if (unit == "B")
        {
            string[] units = ["B", "KB", "MB", "GB", "TB"];
            int k = 0;
            while (value >= 1000 && k < units.Length - 1) { value /= 1000; k++; }
            return value.ToString(k == 0 ? "F0" : "F1", CultureInfo.InvariantCulture) + " " + units[k];
        }
        string suffix = "";
        if (value >= 1e9) { value /= 1e9; suffix = "G"; }
        else if (value >= 1e6) { value /= 1e6; suffix = "M"; }
        else if (value >= 1e4) { value /= 1e3; suffix = "k"; }
        var number = suffix.Length == 0 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("F1", CultureInfo.InvariantCulture) + suffix;
        return number + " " + unit;
    }

    public static string Rate(double done, TimeSpan elapsed, string unit) =>
        elapsed.TotalSeconds <= 0 ? "–" : Format(done / elapsed.TotalSeconds, unit) + "/s";
}
