using System.Globalization;

namespace NetGen.Generator;

/// <summary>Numbers in generated code and messages never depend on the machine's culture.</summary>
internal static class Invariant
{
    public static string ToStringInvariant(this int value) => value.ToString(CultureInfo.InvariantCulture);
}
