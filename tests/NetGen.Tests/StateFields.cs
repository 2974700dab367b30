using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace NetGen.Tests;

/// <summary>
/// A generated network's private state (the parameters, the gradients, Momentum's velocity, Adam's moments), read by
/// reflection for the tests that plant a value no public path can reach or check one no public member shows. On .NET 8
/// and later a SIMD network's field is an <see cref="ArraySegment{T}"/>, a 64-byte-aligned window of a pinned array; an
/// unrolled network's (and every network's on the portable targets) a plain array, which this views whole.
/// </summary>
internal static class StateFields
{
    private static readonly string[] OptimizerFields = { "__velocity", "__firstMoment", "__secondMoment" };

    /// <summary>The state field <paramref name="name"/> of <paramref name="network"/>, as a window that writes through.</summary>
    public static ArraySegment<T> Get<T>(object network, string name)
    {
        FieldInfo field = network.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new ArgumentException($"{network.GetType().Name} has no field {name}", nameof(name));
        return View<T>(field.GetValue(network), name);
    }

    /// <summary>The optimizer's state fields, by name: none for SGD.</summary>
    public static Dictionary<string, ArraySegment<T>> Optimizer<T>(object network) =>
        network.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(f => OptimizerFields.Contains(f.Name))
            .ToDictionary(f => f.Name, f => View<T>(f.GetValue(network), f.Name));

    private static ArraySegment<T> View<T>(object? value, string name) => value switch
    {
        ArraySegment<T> window => window,
        T[] array => new ArraySegment<T>(array),
        _ => throw new InvalidOperationException($"{name} is a {value?.GetType().Name ?? "null"}, not an array of {typeof(T).Name} or a window of one"),
    };
}
