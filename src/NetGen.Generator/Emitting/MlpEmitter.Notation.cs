using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The notation the generated comments and names share with the lecture: the symbols of each layer (x, z_j, y_k), its
/// indices, its equations and titles, and the spelling of numbers.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>g in y_k = g(a)_k, for the comments.</summary>
    private string G => _shape.Head switch
    {
        OutputHead.Softmax => "softmax_k",
        OutputHead.Linear => string.Empty,
        _ => "σ",
    };

    /// <summary>The output head and its loss, for the comments.</summary>
    private string HeadAndLoss => _shape.Head switch
    {
        OutputHead.Softmax => "softmax + categorical cross-entropy",
        OutputHead.Linear => "linear + half squared error",
        _ => "sigmoid + binary cross-entropy",
    };

    /// <summary>The constant holding layer <paramref name="layer"/>'s units (0: InputCount).</summary>
    private string Count(int layer) => SizeName(_shape, layer);

    /// <summary>The local holding hidden layer <paramref name="layer"/>'s units z: z1, z2, ….</summary>
    private static string Z(int layer) => "z" + N(layer);

    /// <summary>The local holding layer <paramref name="layer"/>'s deltas δ: d1, d2, ….</summary>
    private static string D(int layer) => "d" + N(layer);

    /// <summary>The output layer's sums a_k, before the output function.</summary>
    private string AOut => "a" + N(L);

    /// <summary>What feeds layer <paramref name="layer"/>: <paramref name="input"/> for the first, the hidden units before for the rest.</summary>
    private static string In(int layer, string input) => layer == 1 ? input : Z(layer - 1);

    /// <summary>The symbol of layer <paramref name="layer"/>'s values in the comments: x, then z (z1, z2, … when deeper), then y.</summary>
    private string Sym(int layer) => layer == 0 ? "x" : layer == L ? "y" : _shape.IsShallow ? "z" : "z" + N(layer);

    /// <summary>The index of layer <paramref name="layer"/>'s units in the comments: k for the outputs, j for hidden units.</summary>
    private string UnitIndex(int layer) => layer == L ? "k" : "j";

    /// <summary>The index of layer <paramref name="layer"/>'s inputs in the comments: j for the outputs, i for hidden units.</summary>
    private string InputIndex(int layer) => layer == L ? "j" : "i";

    /// <summary>a_j = Σ_i w_ji x_i + b_j for layer <paramref name="layer"/>, with its own letters.</summary>
    private string LayerEquation(int layer)
    {
        string u = UnitIndex(layer), v = InputIndex(layer);
        return "a_" + u + " = Σ_" + v + " w_" + u + v + " " + Sym(layer - 1) + "_" + v + " + b_" + u;
    }

    /// <summary>
    /// Where w_ji of layer <paramref name="layer"/> sits: W1[i·HiddenCount + j] (layer 1, input-major), W2[k·HiddenCount + j]
    /// (every other layer, output-major); see <see cref="NetworkShape.IsInputMajor"/>.
    /// </summary>
    private string WeightIndex(int layer)
    {
        string u = UnitIndex(layer), v = InputIndex(layer);
        return NetworkShape.IsInputMajor(layer)
            ? "w_" + u + v + " = W" + N(layer) + "[" + v + "·" + Count(layer) + " + " + u + "]"
            : "w_" + u + v + " = W" + N(layer) + "[" + u + "·" + Count(layer - 1) + " + " + v + "]";
    }

    /// <summary>"Hidden layer", "Hidden layer 2", "Output layer".</summary>
    private string LayerTitle(int layer) => layer == L ? "Output layer" : _shape.IsShallow ? "Hidden layer" : "Hidden layer " + N(layer);

    /// <summary>"Hidden units", "Hidden layer 2's units", "Output units".</summary>
    private string UnitsTitle(int layer) => layer == L ? "Output units" : _shape.IsShallow ? "Hidden units" : "Hidden layer " + N(layer) + "'s units";

    /// <summary>The start of an unrolled block's summary, before "units 0–3": "Hidden", "Hidden layer 2,", "Output".</summary>
    private string BlockTitle(int layer) => layer == L ? "Output" : _shape.IsShallow ? "Hidden" : "Hidden layer " + N(layer) + ",";

    /// <summary>The method applying the hidden activation to layer <paramref name="layer"/>.</summary>
    private string Activate(int layer) => HiddenActivationMethod(_shape, layer);

    private string Name(Phase phase) => PhaseName(phase, _shape);

    /// <summary>f in z_j = f(a_j), as the equations in the comments write it.</summary>
    private string F => _shape.Activation switch
    {
        HiddenActivation.Tanh => "tanh",
        HiddenActivation.Relu => "relu",
        _ => "σ",
    };

    /// <summary>f'(a) written through z = f(a), for the comments.</summary>
    private string DerivativeEquation => _shape.Activation switch
    {
        HiddenActivation.Tanh => "tanh'(a) = 1 − z²",
        HiddenActivation.Relu => "relu'(a) = 1 if a > 0, else 0, i.e. [z > 0]",
        _ => "σ'(a) = z(1 − z)",
    };

    /// <summary>δ_j's equation for hidden layer <paramref name="layer"/>, for the comments.</summary>
    private string HiddenDeltaEquation(int layer)
    {
        string z = Sym(layer) + "_j";
        string equation = _shape.Activation switch
        {
            HiddenActivation.Tanh => "δ_j = (1 − " + z + "²) Σ_k w_kj δ_k",
            HiddenActivation.Relu => "δ_j = [" + z + " > 0] Σ_k w_kj δ_k",
            _ => "δ_j = " + z + "(1 − " + z + ") Σ_k w_kj δ_k",
        };
        return _shape.IsShallow ? equation : equation + ",  k over layer " + N(layer + 1) + "'s units, w_kj = W" + N(layer + 1) + "[k·" + Count(layer) + " + j]";
    }

    /// <summary>y_k = g(a)_k for the output layer, for the comments.</summary>
    private string OutputEquation => _shape.Head switch
    {
        OutputHead.Softmax => "y_k = softmax(a)_k",
        OutputHead.Linear => "y_k = a_k",
        _ => "y_k = σ(a_k)",
    };

    /// <summary>The range of the outputs, for the docs.</summary>
    private string OutputRange => _shape.Head switch
    {
        OutputHead.Softmax => ", each in [0, 1], summing to 1",
        OutputHead.Linear => string.Empty,
        _ => ", each in [0, 1]",
    };

    /// <summary>f'(a_j) as a scalar expression of <paramref name="z"/> = f(a_j).</summary>
    private string Derivative(string z) => _shape.Activation switch
    {
        HiddenActivation.Tanh => "(" + Lit("1") + " - " + z + " * " + z + ")",
        HiddenActivation.Relu => "(" + z + " > " + Lit("0") + " ? " + Lit("1") + " : " + Lit("0") + ")",
        _ => z + " * (" + Lit("1") + " - " + z + ")",
    };

    /// <summary>A literal of the numeric type: "1" becomes 1f or 1.0, "0.5" 0.5f or 0.5, "1e-8" 1e-8f or 1e-8.</summary>
    private string Lit(string value) => _model.Precision == NumericPrecision.Single
        ? value + "f"
        : value.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0 ? value : value + ".0";

    private static string N(int value) => value.ToStringInvariant();

    /// <summary>The network as one formula, for Forward's summary.</summary>
    private string ForwardEquation()
    {
        if (_shape.IsShallow)
        {
            return "y_k = " + G + "(Σ_j w_kj " + F + "(Σ_i w_ji x_i + b_j) + b_k)";
        }

        string inner = "W1 x + b1";
        for (int layer = 2; layer <= L; layer++)
        {
            inner = "W" + N(layer) + " " + F + "(" + inner + ") + b" + N(layer);
        }

        string g = _shape.Head switch { OutputHead.Softmax => "softmax", OutputHead.Linear => string.Empty, _ => "σ" };
        return "y = " + (g.Length == 0 ? inner : g + "(" + inner + ")");
    }

    /// <summary>The buffer of a block of samples' units of hidden layer <paramref name="layer"/>: zs (zs1, zs2, … when deeper).</summary>
    private string Zs(int layer) => _shape.IsShallow ? "zs" : "zs" + N(layer);

    /// <summary>Lanes of the numeric type in a vector of <paramref name="bits"/> bits.</summary>
    private int Lanes(int bits) => bits / (_model.Precision == NumericPrecision.Single ? 32 : 64);
}
