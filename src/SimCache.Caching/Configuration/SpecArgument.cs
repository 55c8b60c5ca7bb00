namespace SimCache.Caching.Configuration;

/// <summary>One <c>key=value</c> of a <see cref="Spec"/>: the value is either plain text or a nested spec.</summary>
public sealed class SpecArgument
{
    public SpecArgument(string key, string? text, Spec? nested)
    {
        if ((text is null) == (nested is null)) throw new ArgumentException("exactly one of text and nested must be given");
        Key = key;
        Text = text;
        Nested = nested;
    }

    /// <summary>The parameter name, lower case.</summary>
    public string Key { get; }

    /// <summary>The plain value (trimmed), or null when the value is a nested spec with arguments.</summary>
    public string? Text { get; }

    /// <summary>The nested spec, or null for a plain value.</summary>
    public Spec? Nested { get; }

    /// <summary>The value as written (canonical spacing).</summary>
    public string ValueText => Text ?? Nested!.ToString();
}
