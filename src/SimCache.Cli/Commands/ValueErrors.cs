using System.CommandLine.Parsing;
using System.Globalization;

namespace SimCache.Cli.Commands;

/// <summary>
/// Says in the user's terms what a numeric option accepts when its value does not convert. The parser's own
/// message names the .NET type ("as expected type 'System.Nullable`1[System.UInt32]'"), which means nothing to
/// someone typing <c>--seed -1</c>; this turns it into "--seed must be a whole number from 0 to 4294967295".
/// Applies to every option of a numeric type, so a new option gets the same wording without code of its own.
/// </summary>
public static class ValueErrors
{
    /// <summary>The message for <paramref name="error"/> if it is a value that does not convert to its option's number type, else null.</summary>
    public static string? Describe(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        if (option is null) return null;
        var type = option.Option.ValueType;
        type = type.IsArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
        if (Expected(type) is not { } expected) return null;
        foreach (var token in option.Tokens)
            if (!Converts(type, token.Value))
                return $"{option.Option.Name} must be {expected}, found '{token.Value}'";
        return null;
    }

    /// <summary>What a value of <paramref name="type"/> is, in words, or null for types this class leaves alone.</summary>
    public static string? Expected(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Byte => Whole(byte.MinValue, byte.MaxValue),
        TypeCode.SByte => Whole(sbyte.MinValue, sbyte.MaxValue),
        TypeCode.Int16 => Whole(short.MinValue, short.MaxValue),
        TypeCode.UInt16 => Whole(ushort.MinValue, ushort.MaxValue),
        TypeCode.Int32 => Whole(int.MinValue, int.MaxValue),
        TypeCode.UInt32 => Whole(uint.MinValue, uint.MaxValue),
        TypeCode.Int64 => Whole(long.MinValue, long.MaxValue),
        TypeCode.UInt64 => Whole(ulong.MinValue, ulong.MaxValue),
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number (such as 0.5 or 1e-3)",
        _ => null,
    };

    private static string Whole(decimal min, decimal max) =>
        string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");

    private static bool Converts(Type type, string text)
    {
        var c = CultureInfo.InvariantCulture;
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte => byte.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.SByte => sbyte.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.Int16 => short.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.UInt16 => ushort.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.Int32 => int.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.UInt32 => uint.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.Int64 => long.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.UInt64 => ulong.TryParse(text, NumberStyles.Integer, c, out _),
            TypeCode.Single => float.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, c, out _),
            TypeCode.Double => double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, c, out _),
            TypeCode.Decimal => decimal.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, c, out _),
            _ => true,
        };
    }
}
