namespace SimCache.Data.IO;

/// <summary>
/// Raised for input that the tool refuses: the CLI maps it to exit code 2, and the message is what a user
/// needs to fix the input, so it always names the file and, where there is one, the line, row or field.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, string message, long? line = null, Exception? inner = null)
        : base(Format(path, message, line), inner)
    {
        Path = path;
        Line = line;
        Detail = message;
    }

    /// <summary>The offending file or folder.</summary>
    public string Path { get; }

    /// <summary>1-based line (text inputs) or 0-based row (Arrow inputs), where known.</summary>
    public long? Line { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    private static string Format(string path, string message, long? line) =>
        line is null ? $"{path}: {message}" : $"{path}:{line}: {message}";
}
