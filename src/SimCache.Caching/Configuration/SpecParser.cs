using SimCache.Data.IO;

namespace SimCache.Caching.Configuration;

/// <summary>
/// Recursive-descent parser of the component grammar
/// <c>spec := name [ '(' [ arg { ',' arg } ] ')' ];  arg := key '=' ( spec-with-arguments | text )</c>,
/// where names and keys are letters, digits, '-', '_' and '.' and text runs to the next ',' or ')'. Errors are
/// <see cref="UsageException"/>s that quote the text and the position.
/// </summary>
internal sealed class SpecParser
{
    private readonly string _text;
    private readonly string _what;
    private int _pos;

    private SpecParser(string text, string what)
    {
        _text = text;
        _what = what;
    }

    public static Spec Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new SpecParser(text, what);
        p.SkipSpace();
        var spec = p.ParseSpec();
        p.SkipSpace();
        if (p._pos != text.Length) throw p.Error($"unexpected '{text[p._pos]}'");
        return spec;
    }

    private Spec ParseSpec()
    {
        string name = ReadName("a name");
        SkipSpace();
        var args = new List<SpecArgument>();
        if (Peek() != '(') return new Spec(name, args);
        _pos++;
        SkipSpace();
        if (Peek() == ')')
        {
            _pos++;
            return new Spec(name, args);
        }
        while (true)
        {
            SkipSpace();
            string key = ReadName("a parameter name");
            SkipSpace();
            if (Peek() != '=') throw Error($"expected '=' after '{key}'");
            _pos++;
            SkipSpace();
            args.Add(ParseValue(key));
            SkipSpace();
            char c = Peek();
            if (c == ',') { _pos++; continue; }
            if (c == ')') { _pos++; return new Spec(name, args); }
            throw Error(c == '\0' ? "missing ')'" : $"expected ',' or ')' but found '{c}'");
        }
    }

    private SpecArgument ParseValue(string key)
    {
        int start = _pos;
        // A nested spec: a name directly followed by '('.
        int save = _pos;
        if (IsNameChar(Peek()))
        {
            while (IsNameChar(Peek())) _pos++;
            int afterName = _pos;
            SkipSpace();
            if (Peek() == '(')
            {
                _pos = save;
                return new SpecArgument(key, null, ParseSpec());
            }
            _pos = afterName;
        }
        _pos = start;
        while (_pos < _text.Length && _text[_pos] is not (',' or ')' or '(')) _pos++;
        if (Peek() == '(') throw Error($"unexpected '(' in the value of '{key}'");
        string value = _text[start.._pos].Trim();
        if (value.Length == 0) throw Error($"expected a value after '{key}='");
        return new SpecArgument(key, value, null);
    }

    private string ReadName(string expected)
    {
        int start = _pos;
        while (IsNameChar(Peek())) _pos++;
        if (_pos == start) throw Error(Peek() == '\0' ? $"expected {expected} at the end" : $"expected {expected} but found '{Peek()}'");
        return _text[start.._pos].ToLowerInvariant();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private UsageException Error(string message) =>
        new($"{_what} '{_text}': {message} (at character {_pos + 1})");
}
