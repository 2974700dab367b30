using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The generated files' names. Roslyn requires them unique within a generator, comparing them ignoring case, and
/// throws (CS8785, every file of the generator lost) on a repeat. The readable name, the type's full name with every
/// character that is not a letter, digit, '.' or '_' made '_', repeats for types that differ only in case
/// (<c>Net</c>, <c>NET</c>) or in the characters made '_' (<c>Outer&lt;T&gt;.Inner</c>, <c>Outer_T_.Inner</c>): those
/// names, and only those, get a hash of the exact declaration added.
/// </summary>
internal static class HintNames
{
    private const string Suffix = ".Mlp.g.cs";

    /// <summary>The readable name: <c>Demo.XorNet.Mlp.g.cs</c>.</summary>
    public static string For(INamedTypeSymbol type)
    {
        string name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            safe.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_');
        }

        return safe + Suffix;
    }

    /// <summary>What <see cref="MakeUnique"/> compares a model by: its readable file name, then its declaration.</summary>
    public static string Key(NetworkModel model) => model.HintName + "\n" + Declaration(model);

    /// <summary>
    /// The keys (<see cref="Key"/>) among <paramref name="all"/>, every model's, whose readable names repeat ignoring
    /// case, each as often as it occurs, sorted: all <see cref="MakeUnique"/> needs. Usually empty, and so equal from run
    /// to run when a network is added or removed, which keeps every other network's model step cached (given every
    /// key, each model's step would rerun whenever the set of networks changed).
    /// </summary>
    public static EquatableArray<string> Collisions(ImmutableArray<string> all) => all
        .GroupBy(key => key.Substring(0, key.IndexOf('\n')), StringComparer.OrdinalIgnoreCase)
        .Where(group => group.Count() > 1)
        .SelectMany(group => group)
        .OrderBy(key => key, StringComparer.Ordinal)
        .ToEquatableArray();

    /// <summary>
    /// <paramref name="model"/>, renamed if another model of the compilation has the same name ignoring case; null if
    /// another model is of the very same type, which only a broken declaration gives (one [Mlp] that binds on one
    /// partial part and one that does not on another: the compiler reports that), so that no file is added twice.
    /// <paramref name="collisions"/> holds the <see cref="Key"/>s of every model whose name repeats (<see cref="Collisions"/>).
    /// </summary>
    public static NetworkModel? MakeUnique(NetworkModel model, EquatableArray<string> collisions)
    {
        string key = Key(model);
        if (collisions.Count(other => string.Equals(other, key, StringComparison.Ordinal)) > 1)
        {
            return null;
        }

        string ownName = model.HintName + "\n";
        if (collisions.Count(other => other.StartsWith(ownName, StringComparison.OrdinalIgnoreCase) && other.IndexOf('\n') == model.HintName.Length) <= 1)
        {
            return model;
        }

        string stem = model.HintName.Substring(0, model.HintName.Length - Suffix.Length);
        return model with { HintName = stem + "." + Fnv1a(Declaration(model)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + Suffix };
    }

    /// <summary>The declaration as the model holds it, exactly: distinct types of one compilation give distinct text.</summary>
    private static string Declaration(NetworkModel model) =>
        "namespace " + (model.Namespace ?? string.Empty) + ";"
        + string.Concat(model.ContainingTypes.Select(t => t.Keyword + " " + t.NameWithTypeParameters + "/"))
        + model.TypeKeyword + " " + model.TypeName;

    /// <summary>FNV-1a over the UTF-16 code units: the same on every machine and run, unlike string.GetHashCode.</summary>
    internal static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
