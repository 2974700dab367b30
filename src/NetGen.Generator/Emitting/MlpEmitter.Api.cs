using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The public methods of the maths file, each beside its work in the Kernels class: Forward, Backward, Step,
/// TrainSample, the batch methods, the loss for Fit, and the initialization.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>y = g(a) in place over <paramref name="output"/>; nothing for linear outputs.</summary>
    private void WriteOutputActivation(string output)
    {
        if (OutputActivationMethod(_shape.Head) is { } method)
        {
            _w.Line(method + "(" + output + ");");
        }
    }

    /// <summary>
    /// Momentum or Adam over every parameter, block by block: weights with the L2 term, biases without. A first pass
    /// computes every new value without writing; if any parameter or optimizer state would be NaN or ±∞ it returns false
    /// and nothing changes. The second pass repeats the same arithmetic and writes.
    /// </summary>
    private void WriteUpdateParameters()
    {
        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            return;
        }

        bool adam = _shape.Optimizer == OptimizerKind.Adam;
        _w.Line("/// <summary>");
        _w.Line(adam
            ? "/// Adam on every parameter θ with g = G·(1/B) (+ (λ/N) θ for weights): m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², θ ← θ − η m̂ / (√v̂ + ε)."
            : "/// Momentum on every parameter θ with g = G·(1/B) (+ (λ/N) θ for weights): v ← μ v + g, θ ← θ − η v.");
        _w.Line("/// Returns false, having written nothing, when a new parameter or optimizer state would be NaN or ±∞.");
        _w.Line("/// </summary>");
        Generated();
        _w.Open("private static bool " + UpdateParameters + "(" + _t + "[] parameters, " + _t + "[] gradients, " + OptimizerParameters() + _t + " eta, " + _t + " invB, " + _t + " decay)");
        _w.Line(_t + "[] p = " + State(ParametersField) + ", g = " + State(GradientsField) + ";");
        if (adam)
        {
            _w.Line(_t + "[] m = " + State(FirstMomentField) + ", v = " + State(SecondMomentField) + ";");
            _w.Line("long t = " + State(AdamStepsField) + " + 1;");
            _w.Line(_t + " correction1 = (" + _t + ")(1.0 - global::System.Math.Pow(beta1, t));   // 1 − β1^t");
            _w.Line(_t + " correction2 = (" + _t + ")(1.0 - global::System.Math.Pow(beta2, t));   // 1 − β2^t");
        }
        else
        {
            _w.Line(_t + " mu = " + State(MomentumField) + ";");
        }

        _w.Line();
        var blocks = _shape.Layers.SelectMany(l => new[]
        {
            (WeightOffset(l), BiasOffset(l), true, "W" + N(l)), (BiasOffset(l), l == L ? ParameterCount : WeightOffset(l + 1), false, "b" + N(l)),
        }).ToList();
        foreach (bool write in new[] { false, true })
        {
            _w.Line(write
                ? "// Every new value is finite: the same arithmetic again, written this time."
                : "// First without writing: would any new value be NaN or ±∞?");
            foreach ((string first, string end, bool weights, string what) in blocks)
            {
                _w.Line("// " + what + (weights ? ", with the penalty's gradient" : ", no penalty"));
                _w.Open("for (int n = " + first + "; n < " + end + "; n++)");
                _w.Line(_t + " gn = g[n] * invB" + (weights ? " + decay * p[n]" : string.Empty) + ";");
                if (adam)
                {
                    _w.Line(_t + " mn = beta1 * m[n] + (" + Lit("1") + " - beta1) * gn;");
                    _w.Line(_t + " vn = beta2 * v[n] + (" + Lit("1") + " - beta2) * gn * gn;");
                    _w.Line(_t + " pn = p[n] - eta * (mn / correction1) / (" + _math + ".Sqrt(vn / correction2) + epsilon);");
                    _w.Line(write ? "m[n] = mn;" : "if (!" + _t + ".IsFinite(mn) || !" + _t + ".IsFinite(vn) || !" + _t + ".IsFinite(pn)) return false;");
                    if (write)
                    {
                        _w.Line("v[n] = vn;");
                        _w.Line("p[n] = pn;");
                    }
                }
                else
                {
                    _w.Line(_t + " vn = mu * velocity[n] + gn;");
                    _w.Line(_t + " pn = p[n] - eta * vn;");
                    _w.Line(write ? "velocity[n] = vn;" : "if (!" + _t + ".IsFinite(vn) || !" + _t + ".IsFinite(pn)) return false;");
                    if (write)
                    {
                        _w.Line("p[n] = pn;");
                    }
                }

                _w.Close();
                _w.Line();
            }
        }

        if (adam)
        {
            _w.Line(State(AdamStepsField) + " = t;");
        }

        _w.Line("return true;");
        _w.Close();
        _w.Line();
    }

    /// <summary>Momentum's or Adam's state as a kernel's parameters, each followed by ", ".</summary>
    private string OptimizerParameters() => _shape.Optimizer switch
    {
        OptimizerKind.Momentum => _t + "[] velocity, " + _t + " momentum, ",
        OptimizerKind.Adam => _t + "[] firstMoment, " + _t + "[] secondMoment, ref long adamSteps, " + _t + " beta1, " + _t + " beta2, " + _t + " epsilon, ",
        _ => string.Empty,
    };

    /// <summary>Momentum's or Adam's state as the arguments of a call, each followed by ", ".</summary>
    private string OptimizerArguments() => _shape.Optimizer switch
    {
        OptimizerKind.Momentum => State(VelocityField) + ", " + State(MomentumField) + ", ",
        OptimizerKind.Adam => State(FirstMomentField) + ", " + State(SecondMomentField) + ", ref " + State(AdamStepsField) + ", "
            + State(Beta1Field) + ", " + State(Beta2Field) + ", " + State(EpsilonField) + ", ",
        _ => string.Empty,
    };

    private void WriteLengthCheck(string parameter, string count) =>
        _w.Line("if (" + parameter + ".Length != " + count + ") throw " + Check(LengthMismatch) + "(nameof(" + parameter + "), "
            + parameter + ".Length, " + count + ", nameof(" + count + "));");

    private void WriteForward()
    {
        _w.Line("/// <summary>Computes the outputs for one sample: " + ForwardEquation() + ".</summary>");
        _w.Line("/// <param name=\"input\">The InputCount inputs x_i.</param>");
        _w.Line("/// <param name=\"output\">Receives the OutputCount outputs y_k" + OutputRange + ".</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length is not InputCount or OutputCount; nothing is written.</exception>");
        _w.Line("/// <remarks>");
        _w.Line("/// Allocates nothing. Forward only reads the parameters, so several threads may call it on one instance at once,");
        _w.Line("/// as long as none of them trains the network or writes <see cref=\"Parameters\"/> meanwhile.");
        _w.Line("/// </remarks>");
        Generated();
        _w.Open("public void " + Forward + "(" + _readOnlySpan + " input, " + _span + " output)");
        WriteLengthCheck("input", InputCount);
        WriteLengthCheck("output", OutputCount);
        _w.Line("__" + KernelsClass + "." + Forward + "(" + State(ParametersField) + ", input, output);");
        _w.Close();
        _w.Line();
        InKernels(() =>
        {
            _w.Line("/// <summary>Forward's work:  " + ForwardEquation() + ".</summary>");
            _w.Open("internal static void " + Forward + "(" + _t + "[] parameters, " + _readOnlySpan + " input, " + _span + " output)");
            WriteHiddenBuffers();
            _w.Line();
            WriteForwardLayers("input", "output");
            _w.Close();
            _w.Line();
        });
    }

    /// <summary>One stack buffer per hidden layer for its units, z1, z2, ….</summary>
    private void WriteHiddenBuffers()
    {
        foreach (int layer in _shape.HiddenLayers)
        {
            _w.Line(_span + " " + Z(layer) + " = stackalloc " + _t + "[" + Count(layer) + "];");
        }
    }

    /// <summary>The forward pass from <paramref name="input"/> into <paramref name="output"/>, through the buffers z1, z2, ….</summary>
    private void WriteForwardLayers(string input, string output)
    {
        foreach (int layer in _shape.HiddenLayers)
        {
            _w.Line("// " + LayerTitle(layer) + ":  " + LayerEquation(layer) + ",  " + Sym(layer) + "_j = " + F + "(a_j)");
            WriteCalls(new Phase(PhaseKind.Layer, layer), In(layer, input) + ", " + Z(layer));
            _w.Line(Activate(layer) + "(" + Z(layer) + ");");
        }

        _w.Line("// Output layer:  " + LayerEquation(L) + ",  " + OutputEquation);
        WriteCalls(new Phase(PhaseKind.Layer, L), Z(L - 1) + ", " + output);
        WriteOutputActivation(output);
    }

    private void WriteBackward()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Backpropagates one sample: runs the forward pass, computes the output deltas δ_k = y_k − t_k and the hidden");
        _w.Line("/// deltas " + (_shape.IsShallow ? HiddenDeltaEquation(1) : HiddenDeltaEquation(1).Substring(0, HiddenDeltaEquation(1).IndexOf(',')) + " layer by layer down from the outputs (k over the layer above)")
            + ", and adds ∂ℓ/∂w = δ·(unit input) and ∂ℓ/∂b = δ into <see cref=\"Gradients\"/>.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"input\">The InputCount inputs x_i.</param>");
        _w.Line("/// <param name=\"target\">The OutputCount targets t_k" + OutputRange + ".</param>");
        _w.Line("/// <returns>");
        switch (_shape.Head)
        {
            case OutputHead.Softmax:
                _w.Line("/// The sample's categorical cross-entropy ℓ = −Σ_k t_k log y_k, computed from the logits as Σ_k t_k (logsumexp(a) − a_k)");
                _w.Line("/// so that it stays finite when an output saturates.");
                break;
            case OutputHead.Linear:
                _w.Line("/// The sample's half squared error ℓ = ½ Σ_k (y_k − t_k)².");
                break;
            default:
                _w.Line("/// The sample's binary cross-entropy ℓ = −Σ_k [t_k log y_k + (1 − t_k) log(1 − y_k)], computed from the logits as");
                _w.Line("/// Σ_k [softplus(a_k) − t_k a_k] so that it stays finite when an output saturates.");
                break;
        }
        _w.Line("/// </returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// A span's length is not InputCount or OutputCount, or an input or target is NaN or ±∞; nothing is written.");
        _w.Line("/// </exception>");
        _w.Line("/// <exception cref=\"global::System.NotFiniteNumberException\">");
        _w.Line("/// The loss or a gradient is NaN or ±∞ (the parameters hold NaN or ±∞, or training diverged); nothing is added to");
        _w.Line("/// <see cref=\"Gradients\"/>.");
        _w.Line("/// </exception>");
        _w.Line("/// <remarks>Allocates nothing. Not thread-safe: it writes the gradients.</remarks>");
        Generated();
        _w.Open("public " + _t + " " + Backward + "(" + _readOnlySpan + " input, " + _readOnlySpan + " target)");
        WriteLengthCheck("input", InputCount);
        WriteLengthCheck("target", OutputCount);
        WriteFiniteChecks("input", "target", "0", "0");
        _w.Line(_t + " loss = " + BackpropagateCall("input", "target", "nameof(" + Backward + ")") + ";");
        _w.Line(State(PendingSamplesField) + "++;");
        _w.Line("return loss;");
        _w.Close();
        _w.Line();
        InKernels(WriteBackpropagate);
    }

    /// <summary>A call of the Kernels class's Backpropagate, from the user's type or from inside the class.</summary>
    private string BackpropagateCall(string input, string target, string caller) =>
        (_inKernels ? string.Empty : "__" + KernelsClass + ".") + Backpropagate + "(" + State(ParametersField) + ", " + State(GradientsField) + ", "
            + input + ", " + target + ", " + caller + ")";

    private void WriteBackpropagate()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Backward's work once its arguments are checked: the forward pass, the deltas, then, if the loss and every gradient");
        _w.Line("/// are finite, the gradients added in. <paramref name=\"caller\"/> names the public method in an exception.");
        _w.Line("/// </summary>");
        _w.Open("internal static " + _t + " " + Backpropagate + "(" + _t + "[] parameters, " + _t + "[] gradients, " + _readOnlySpan + " input, "
            + _readOnlySpan + " target, string caller)");
        WriteForwardPassAndDeltas("caller", Lit("0"));
        _w.Line();
        _w.Line(_shape.IsShallow
            ? "// Gradients:  ∂ℓ/∂w_kj = δ_k z_j,  ∂ℓ/∂b_k = δ_k,  ∂ℓ/∂w_ji = δ_j x_i,  ∂ℓ/∂b_j = δ_j   (summed until Step)"
            : "// Gradients, layer by layer:  ∂ℓ/∂w_ji = δ_j (unit input)_i,  ∂ℓ/∂b_j = δ_j   (summed until Step)");
        for (int layer = L; layer >= 1; layer--)
        {
            WriteCalls(new Phase(PhaseKind.AccumulateGradients, layer), In(layer, "input") + ", " + D(layer));
        }

        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// The checks a training method makes of its data before anything is written: every input and target finite. The
    /// per-sample counts are "0" for one sample, or the count of values per sample in a batch, for the message.
    /// </summary>
    private void WriteFiniteChecks(string inputs, string targets, string inputsPerSample, string targetsPerSample)
    {
        _w.Line(Check(RequireFinite) + "(" + inputs + ", nameof(" + inputs + "), " + inputsPerSample + ");");
        _w.Line(Check(RequireFinite) + "(" + targets + ", nameof(" + targets + "), " + targetsPerSample + ");");
    }

    /// <summary>
    /// The checks between the deltas and the first write: the loss, and for each layer the product max|δ|·max|unit input|,
    /// which is the largest |∂ℓ/∂w_ji| = |δ_j|·|(unit input)_i| and so finite exactly when every gradient of the layer is
    /// (rounding is monotonic, and <c>MaxAbs</c> is +∞ when a value is NaN or ±∞). <paramref name="unitInput"/> gives the
    /// expression feeding each layer, <paramref name="delta"/> its deltas.
    /// </summary>
    private void WriteStepChecks(string caller, string eta, Func<int, string> unitInput, Func<int, string> delta)
    {
        _w.Line("// No step on a non-finite loss or gradient. |∂ℓ/∂w_ji| = |δ_j|·|(unit input)_i| is largest at max|δ|·max|unit input|,");
        _w.Line("// so that product is finite exactly when every gradient of the layer is (MaxAbs is ∞ if a value is NaN or ±∞);");
        _w.Line("// and a step, when one follows, must not move any parameter by more than " + _t + ".MaxValue/4.");
        _w.Line(Check(CheckLoss) + "(" + caller + ", loss);");
        for (int layer = L; layer >= 1; layer--)
        {
            _w.Call(Check(CheckGradient) + "(" + caller + ", \"" + LayerTitle(layer).ToLowerInvariant() + "\", " + delta(layer) + ", " + unitInput(layer) + ", " + eta + ");");
        }
    }

    /// <summary>
    /// The start of Backward and TrainSample: scratch vectors on the stack, the forward pass, the loss and
    /// every delta (each layer's deltas read the weights above before any step changes them), then the checks
    /// that the loss and every gradient are finite, all before anything is written.
    /// </summary>
    private void WriteForwardPassAndDeltas(string caller, string eta)
    {
        WriteHiddenBuffers();
        _w.Line(_span + " " + AOut + " = stackalloc " + _t + "[" + OutputCount + "];");
        _w.Line(_span + " " + D(L) + " = stackalloc " + _t + "[" + OutputCount + "];");
        for (int layer = L - 1; layer >= 1; layer--)
        {
            _w.Line(_span + " " + D(layer) + " = stackalloc " + _t + "[" + Count(layer) + "];");
        }

        _w.Line();
        _w.Line("// Forward pass:  " + string.Join(",  ", _shape.HiddenLayers.Select(l =>
            Sym(l) + "_j = " + F + "(Σ_i w_ji " + Sym(l - 1) + "_i + b_j)").Append(LayerEquation(L))));
        foreach (int layer in _shape.HiddenLayers)
        {
            WriteCalls(new Phase(PhaseKind.Layer, layer), In(layer, "input") + ", " + Z(layer));
            _w.Line(Activate(layer) + "(" + Z(layer) + ");");
        }

        WriteCalls(new Phase(PhaseKind.Layer, L), Z(L - 1) + ", " + AOut);
        _w.Line();
        _w.Line("// Output layer, " + HeadAndLoss + ":  δ_k = y_k − t_k");
        _w.Line(_t + " loss = " + Lit("0") + ";");
        WriteCalls(new Phase(PhaseKind.OutputDeltas, L), AOut + ", target, " + D(L), "loss += ");
        for (int layer = L - 1; layer >= 1; layer--)
        {
            _w.Line();
            _w.Line("// " + LayerTitle(layer) + ":  δ_j = " + F + "'(a_j) Σ_k w_kj δ_k,   " + DerivativeEquation);
            WriteCalls(new Phase(PhaseKind.Deltas, layer), Z(layer) + ", " + D(layer + 1) + ", " + D(layer));
        }

        _w.Line();
        WriteStepChecks(caller, eta, layer => In(layer, "input"), D);
    }

    private void WriteStepDocs(string summary)
    {
        _w.Line("/// <summary>");
        foreach (string line in summary.Split('\n'))
        {
            _w.Line(line.Trim());
        }

        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"learningRate\">η, a finite number greater than 0.</param>");
        _w.Line("/// <param name=\"l2\">λ, the L2 penalty's strength: a finite number, 0 or more (0: no penalty).</param>");
        _w.Line("/// <param name=\"trainingSetSize\">N, the number of samples in the training set (at least 1): the penalty is λ/(2N) Σ w².</param>");
    }

    private void WriteStep()
    {
        WriteStepDocs(
            "/// One " + (_shape.Optimizer == OptimizerKind.Sgd ? "SGD" : _shape.Optimizer.ToString()) + " step on L = (1/N) Σ_n ℓ_n + λ/(2N) Σ w² (ℓ: " + HeadAndLoss.Substring(HeadAndLoss.IndexOf('+') + 2) + "), from the B samples given to\n"
            + "    /// <see cref=\"Backward\"/> since the last step, " + (_shape.Optimizer == OptimizerKind.Sgd
                ? "by SGD: weights w ← w − η (G/B + (λ/N) w), biases b ← b − η G/B,\n"
                : "by " + _shape.Optimizer + " (see the class's optimizer properties) on g = G/B + (λ/N) w for weights and G/B for biases,\n")
            + "    /// where G is <see cref=\"Gradients\"/>; then clears the gradients.");
        _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">An argument is out of range; nothing is written.</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">No Backward call since the last step; nothing is written.</exception>");
        WriteStepNotTakenDocs("An element of <see cref=\"Gradients\"/> is NaN or ±∞");
        _w.Line("/// <remarks>Allocates nothing. Not thread-safe.</remarks>");
        Generated();
        _w.Open("public void " + Step + "(" + _t + " learningRate, " + _t + " l2, int trainingSetSize)");
        _w.Line(Check(ValidateStepArguments) + "(learningRate, l2, trainingSetSize);");
        _w.Open("if (" + State(PendingSamplesField) + " == 0)");
        _w.Line("throw new global::System.InvalidOperationException(");
        _w.Line("    \"Step has no gradients to apply: call Backward on at least one sample after constructing the network or after the last Step.\");");
        _w.Close();
        _w.Line();
        WriteTakeStepCall("nameof(" + Step + ")");
        _w.Close();
        _w.Line();
        InKernels(WriteTakeStep);
    }

    /// <summary>
    /// The step from the user's type: the Kernels class's TakeStep with the network's state, then, whether it stepped or
    /// threw, the gradients cleared.
    /// </summary>
    private void WriteTakeStepCall(string caller)
    {
        _w.Open("try");
        _w.Call("__" + KernelsClass + "." + TakeStep + "(" + State(ParametersField) + ", " + State(GradientsField) + ", " + State(PendingSamplesField) + ", "
            + OptimizerArguments() + "learningRate, l2, trainingSetSize, " + caller + ");");
        _w.Close();
        _w.Open("finally");
        _w.Line(ZeroGradients + "();");
        _w.Close();
        _w.Line();
    }

    private void WriteTakeStep()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Step's work once its arguments are checked: if every element of the gradients is finite, the update; otherwise an");
        _w.Line("/// exception, the parameters untouched. The caller clears the gradients either way.");
        _w.Line("/// </summary>");
        _w.Open("internal static void " + TakeStep + "(" + _t + "[] parameters, " + _t + "[] gradients, int pendingSamples, " + OptimizerParameters()
            + _t + " learningRate, " + _t + " l2, int trainingSetSize, string caller)");
        _w.Line("// No step on a non-finite gradient: G is checked whole before any parameter changes.");
        _w.Line(_t + " largest = " + Check(MaxAbs) + "(" + State(GradientsField) + ");");
        _w.Open("if (!" + _t + ".IsFinite(largest))");
        _w.Call("throw " + Check(NotFinite) + "(caller, \"an element of Gradients (G, summed over \" + " + State(PendingSamplesField)
            + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" samples) is NaN or ±∞\", largest);");
        _w.Close();
        _w.Line();
        _w.Line("// Nor on a step so large that an update could overflow: η·max|G| past " + _t + ".MaxValue/4 (η·|G|/B is at most that,");
        _w.Line("// in either order of the product).");
        _w.Line(_t + " largestStep = learningRate * largest;");
        _w.Open("if (largestStep > " + _t + ".MaxValue / 4)");
        _w.Line("throw " + Check(NotFinite) + "(caller, \"a step would move a parameter by up to \" + largestStep.ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("    + \" (η·max|G|), which could overflow\", largestStep);");
        _w.Close();
        _w.Line();
        _w.Line(_t + " eta = learningRate;");
        _w.Line(_t + " invB = " + Lit("1") + " / " + State(PendingSamplesField) + ";      // 1/B: the batch mean of the summed gradients");
        _w.Line(_t + " decay = l2 / trainingSetSize;   // λ/N: the penalty's gradient per unit weight");
        _w.Line();
        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            _w.Line("// w ← w − η (∂ℓ/∂w averaged over the batch + (λ/N) w),   b ← b − η ∂ℓ/∂b averaged over the batch");
            foreach (int layer in _shape.Layers)
            {
                WriteCalls(new Phase(PhaseKind.Update, layer), "eta, invB, decay");
            }
        }
        else
        {
            _w.Line("// g = ∂ℓ/∂θ averaged over the batch, + (λ/N) w for weights; then the " + _shape.Optimizer + " update");
            _w.Open("if (!" + UpdateParameters + "(parameters, gradients, " + OptimizerArguments() + "eta, invB, decay))");
            _w.Line("throw " + Check(NotFinite) + "(caller, \"the " + _shape.Optimizer + " update would make a parameter or the optimizer's state NaN or ±∞\", double.NaN);");
            _w.Close();
            _w.Line();
        }

        _w.Close();
        _w.Line();
    }

    /// <summary>The exception a training method throws when it meets a non-finite number it could not have been passed.</summary>
    private void WriteStepNotTakenDocs(string when)
    {
        _w.Line("/// <exception cref=\"global::System.NotFiniteNumberException\">");
        _w.Line("/// " + when + " (the parameters hold NaN or ±∞, or training diverged):");
        _w.Line("/// the step is not taken, the parameters are exactly as they were, and <see cref=\"Gradients\"/> is cleared.");
        _w.Line("/// </exception>");
    }

    /// <summary>
    /// TrainSample's path through Backward and Step: for Momentum and Adam, and for SGD when gradients are pending. A
    /// failed check drops the whole step, the gradients pending included.
    /// </summary>
    private void WriteBackwardThenStep()
    {
        _w.Line(_t + " sampleLoss;");
        _w.Open("try");
        _w.Line("sampleLoss = " + BackpropagateCall("input", "target", "nameof(" + TrainSample + ")") + ";");
        _w.Close();
        _w.Open("catch (global::System.NotFiniteNumberException)");
        _w.Line(ZeroGradients + "();");
        _w.Line("throw;");
        _w.Close();
        _w.Line();
        _w.Line(State(PendingSamplesField) + "++;");
        WriteTakeStepCall("nameof(" + TrainSample + ")");
        _w.Line("return sampleLoss;");
    }

    private void WriteTrainSample()
    {
        WriteStepDocs("/// Online SGD on one sample: the same step as <see cref=\"Backward\"/> then <see cref=\"Step\"/>.");
        _w.Line("/// <param name=\"input\">The InputCount inputs x_i.</param>");
        _w.Line("/// <param name=\"target\">The OutputCount targets t_k" + OutputRange + ".</param>");
        _w.Line("/// <returns>The sample's loss ℓ before the step (see <see cref=\"Backward\"/>).</returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// An argument is out of range, a span has the wrong length, or an input or target is NaN or ±∞; nothing is written.");
        _w.Line("/// </exception>");
        WriteStepNotTakenDocs("The loss or a gradient is NaN or ±∞");
        _w.Line("/// <remarks>");
        _w.Line("/// Allocates nothing. Not thread-safe. With no gradients pending it updates the parameters straight from the deltas,");
        _w.Line("/// without the gradient buffer; gradients accumulated by earlier Backward calls join this step (B counts them).");
        _w.Line("/// </remarks>");
        Generated();
        _w.Open("public " + _t + " " + TrainSample + "(" + _readOnlySpan + " input, " + _readOnlySpan + " target, " + _t
            + " learningRate, " + _t + " l2, int trainingSetSize)");
        WriteLengthCheck("input", InputCount);
        WriteLengthCheck("target", OutputCount);
        _w.Line(Check(ValidateStepArguments) + "(learningRate, l2, trainingSetSize);");
        WriteFiniteChecks("input", "target", "0", "0");
        if (_shape.Optimizer != OptimizerKind.Sgd)
        {
            _w.Line("// " + _shape.Optimizer + " keeps state per parameter: Backward, then Step.");
            WriteBackwardThenStep();
            _w.Close();
            _w.Line();
            return;
        }

        _w.Line("// Gradients from earlier Backward calls are pending: take the general path, so that they join this step.");
        _w.Open("if (" + State(PendingSamplesField) + " != 0)");
        WriteBackwardThenStep();
        _w.Close();
        _w.Line();
        _w.Line("return __" + KernelsClass + "." + TrainSample + "(" + State(ParametersField) + ", input, target, learningRate, l2, trainingSetSize);");
        _w.Close();
        _w.Line();
        InKernels(WriteTrainSampleKernel);
    }

    /// <summary>TrainSample's SGD path with no gradients pending: the deltas straight into the parameters.</summary>
    private void WriteTrainSampleKernel()
    {
        _w.Line("/// <summary>TrainSample's work with no gradients pending: the forward pass, the deltas, the checks, then the step with B = 1.</summary>");
        _w.Open("internal static " + _t + " " + TrainSample + "(" + _t + "[] parameters, " + _readOnlySpan + " input, " + _readOnlySpan + " target, "
            + _t + " learningRate, " + _t + " l2, int trainingSetSize)");
        WriteForwardPassAndDeltas("nameof(" + TrainSample + ")", "learningRate");
        _w.Line();
        _w.Line("// Step with B = 1, now that every delta is known:  w ← w − η (δ · unit input + (λ/N) w),  b ← b − η δ");
        _w.Line(_t + " decay = l2 / trainingSetSize;");
        for (int layer = L; layer >= 1; layer--)
        {
            WriteCalls(new Phase(PhaseKind.Train, layer), In(layer, "input") + ", " + D(layer) + ", learningRate, decay");
        }

        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// Every layer, <see cref="BatchBlocking.Samples"/> samples at once from <paramref name="inputs"/>: each layer's sums
    /// through its batch kernel, then each hidden layer's activation one sample at a time; the output sums go to
    /// <paramref name="outputs"/>, before the output function.
    /// </summary>
    private void WriteBatchLayers(string inputs, string outputs)
    {
        string group = N(BatchBlocking.Samples);
        foreach (int layer in _shape.HiddenLayers)
        {
            WriteCalls(new Phase(PhaseKind.LayerBatch, layer), (layer == 1 ? inputs : Zs(layer - 1)) + ", " + Zs(layer));
            _w.Open("for (int s = 0; s < " + group + "; s++)");
            _w.Line(Activate(layer) + "(" + Zs(layer) + ".Slice(s * " + Count(layer) + ", " + Count(layer) + "));");
            _w.Close();
            _w.Line();
        }

        WriteCalls(new Phase(PhaseKind.LayerBatch, L), Zs(L - 1) + ", " + outputs);
    }

    private void WriteForwardBatch()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Computes the outputs of many samples, stored row-major: sample n's inputs at n·InputCount, its outputs at");
        _w.Line("/// n·OutputCount. The same numbers as <see cref=\"Forward\"/> on each sample.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"inputs\">A whole number of samples of InputCount inputs each (none is fine).</param>");
        _w.Line("/// <param name=\"outputs\">Receives OutputCount outputs per sample; must not overlap <paramref name=\"inputs\"/>.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// <paramref name=\"inputs\"/> is not a whole number of samples, or <paramref name=\"outputs\"/> does not hold exactly");
        _w.Line("/// their outputs; nothing is written.");
        _w.Line("/// </exception>");
        _w.Line(BatchBlocking.Applies(_shape)
            ? "/// <remarks>Allocates nothing; thread-safe like Forward. Every layer takes " + N(BatchBlocking.Samples)
                + " samples at a time, each weight loaded once for all of them.</remarks>"
            : _shape.IsUnrolled
                ? "/// <remarks>Allocates nothing; thread-safe like Forward. The whole network stays in the L1 cache from one sample to the next.</remarks>"
                : "/// <remarks>Allocates nothing; thread-safe like Forward. One sample at a time: the hidden " + (_shape.IsShallow ? "layer is" : "layers are")
                    + " too wide to buffer several on the stack.</remarks>");
        Generated();
        _w.Open("public void " + ForwardBatch + "(" + _readOnlySpan + " inputs, " + _span + " outputs)");
        _w.Line("int samples = " + Check(SampleCount) + "(inputs, nameof(inputs), allowEmpty: true);");
        _w.Line("if (outputs.Length != (long)samples * OutputCount) throw " + Check(BatchLengthMismatch) + "(nameof(outputs), outputs.Length, samples);");
        _w.Line("__" + KernelsClass + "." + ForwardBatch + "(" + State(ParametersField) + ", inputs, outputs, samples);");
        _w.Close();
        _w.Line();
        InKernels(WriteForwardBatchKernel);
    }

    private void WriteForwardBatchKernel()
    {
        _w.Line("/// <summary>ForwardBatch's work once its arguments are checked: Forward on each of the samples.</summary>");
        _w.Open("internal static void " + ForwardBatch + "(" + _t + "[] parameters, " + _readOnlySpan + " inputs, " + _span + " outputs, int samples)");
        WriteHiddenBuffers();
        _w.Line("int n = 0;");
        if (BatchBlocking.Applies(_shape))
        {
            string group = N(BatchBlocking.Samples);
            foreach (int layer in _shape.HiddenLayers)
            {
                _w.Line(_span + " " + Zs(layer) + " = stackalloc " + _t + "[" + group + " * " + Count(layer) + "];");
            }

            _w.Line("// " + group + " samples at a time through every layer, each weight vector loaded once for all " + group + ".");
            _w.Open("for (; n <= samples - " + group + "; n += " + group + ")");
            WriteBatchLayers("inputs.Slice(n * InputCount, " + group + " * InputCount)", "outputs.Slice(n * OutputCount, " + group + " * OutputCount)");
            if (OutputActivationMethod(_shape.Head) is not null)
            {
                _w.Open("for (int s = 0; s < " + group + "; s++)");
                WriteOutputActivation("outputs.Slice((n + s) * OutputCount, OutputCount)");
                _w.Close();
            }

            _w.Close();
            _w.Line();
            _w.Line("// The last samples one at a time.");
        }

        _w.Open("for (; n < samples; n++)");
        _w.Line(_readOnlySpan + " input = inputs.Slice(n * InputCount, InputCount);");
        _w.Line(_span + " output = outputs.Slice(n * OutputCount, OutputCount);");
        WriteForwardLayers("input", "output");
        _w.Close();
        _w.Close();
        _w.Line();
    }

    private void WriteTrainBatch()
    {
        WriteStepDocs(
            "/// One " + (_shape.Optimizer == OptimizerKind.Sgd ? "SGD" : _shape.Optimizer.ToString()) + " step on the mean over a batch of samples: the same numbers as <see cref=\"Backward\"/> on each sample,\n"
            + "    /// then <see cref=\"Step\"/>. Samples are stored row-major, as in <see cref=\"ForwardBatch\"/>.");
        _w.Line("/// <param name=\"inputs\">At least one sample of InputCount inputs each.</param>");
        _w.Line("/// <param name=\"targets\">OutputCount targets per sample" + OutputRange + ".</param>");
        _w.Line("/// <returns>The batch's mean loss (1/B) Σ_n ℓ_n before the step, without the penalty.</returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// An argument is out of range, a span has the wrong length, or an input or target is NaN or ±∞; nothing is written.");
        _w.Line("/// </exception>");
        WriteStepNotTakenDocs("The loss or a gradient of a sample, or a summed gradient, is NaN or ±∞");
        _w.Line(BatchBlocking.AppliesToTraining(_shape)
            ? "/// <remarks>Allocates nothing. Not thread-safe. Gradients accumulated by earlier Backward calls join this step. Takes "
                + N(BatchBlocking.Samples) + " samples at a time, each weight and gradient vector loaded once for all of them.</remarks>"
            : "/// <remarks>Allocates nothing. Not thread-safe. Gradients accumulated by earlier Backward calls join this step.</remarks>");
        Generated();
        _w.Open("public " + _t + " " + TrainBatch + "(" + _readOnlySpan + " inputs, " + _readOnlySpan + " targets, " + _t
            + " learningRate, " + _t + " l2, int trainingSetSize)");
        _w.Line("int samples = " + Check(SampleCount) + "(inputs, nameof(inputs), allowEmpty: false);");
        _w.Line("if (targets.Length != (long)samples * OutputCount) throw " + Check(BatchLengthMismatch) + "(nameof(targets), targets.Length, samples);");
        _w.Line(Check(ValidateStepArguments) + "(learningRate, l2, trainingSetSize);");
        WriteFiniteChecks("inputs", "targets", "InputCount", "OutputCount");
        _w.Line(_t + " loss;");
        _w.Open("try");
        _w.Line("loss = __" + KernelsClass + "." + TrainBatch + "(" + State(ParametersField) + ", " + State(GradientsField)
            + ", inputs, targets, samples, ref " + State(PendingSamplesField) + ");");
        _w.Close();
        _w.Open("catch (global::System.NotFiniteNumberException)");
        _w.Line("// A failed check drops the whole step: the gradients added so far go; no parameter has changed.");
        _w.Line(ZeroGradients + "();");
        _w.Line("throw;");
        _w.Close();
        _w.Line();
        WriteTakeStepCall("nameof(" + TrainBatch + ")");
        _w.Line("return loss / samples;");
        _w.Close();
        _w.Line();
        InKernels(WriteTrainBatchKernel);
    }

    private void WriteTrainBatchKernel()
    {
        _w.Line("/// <summary>TrainBatch's work once its arguments are checked: Backward on each sample; returns the summed loss.</summary>");
        _w.Open("internal static " + _t + " " + TrainBatch + "(" + _t + "[] parameters, " + _t + "[] gradients, " + _readOnlySpan + " inputs, "
            + _readOnlySpan + " targets, int samples, ref int pendingSamples)");
        _w.Line(_t + " loss = " + Lit("0") + ";");
        _w.Line("int n = 0;");
        bool blocked = BatchBlocking.AppliesToTraining(_shape);
        if (blocked)
        {
            string group = N(BatchBlocking.Samples);
            foreach (int layer in _shape.HiddenLayers)
            {
                _w.Line(_span + " " + Zs(layer) + " = stackalloc " + _t + "[" + group + " * " + Count(layer) + "];");
            }

            _w.Line(_span + " " + AOut + "s = stackalloc " + _t + "[" + group + " * " + OutputCount + "];");
            _w.Line(_span + " " + D(L) + "s = stackalloc " + _t + "[" + group + " * " + OutputCount + "];");
            for (int layer = L - 1; layer >= 1; layer--)
            {
                _w.Line(_span + " " + D(layer) + "s = stackalloc " + _t + "[" + group + " * " + Count(layer) + "];");
            }
        }

        if (blocked)
        {
            string group = N(BatchBlocking.Samples);
            int last = L - 1;
            string Slice(string buffer, int layer) => buffer + ".Slice(s * " + Count(layer) + ", " + Count(layer) + ")";
            _w.Line("// " + group + " samples at a time: every layer's sums with each weight vector loaded once for all " + group + ", then each");
            _w.Line("// sample's deltas, then the gradients with each vector of G loaded and stored once, the samples added in order.");
            _w.Open("for (; n <= samples - " + group + "; n += " + group + ")");
            _w.Line(_readOnlySpan + " x = inputs.Slice(n * InputCount, " + group + " * InputCount);");
            WriteBatchLayers("x", AOut + "s");
            _w.Open("for (int s = 0; s < " + group + "; s++)");
            _w.Line(_span + " " + Z(last) + " = " + Slice(Zs(last), last) + ";");
            _w.Line(_span + " " + AOut + " = " + AOut + "s.Slice(s * OutputCount, OutputCount);");
            _w.Line(_span + " " + D(L) + " = " + D(L) + "s.Slice(s * OutputCount, OutputCount);");
            WriteCalls(new Phase(PhaseKind.OutputDeltas, L), AOut + ", targets.Slice((n + s) * OutputCount, OutputCount), " + D(L), "loss += ");
            WriteCalls(new Phase(PhaseKind.Deltas, last), Z(last) + ", " + D(L) + ", " + Slice(D(last) + "s", last));
            for (int layer = last - 1; layer >= 1; layer--)
            {
                WriteCalls(new Phase(PhaseKind.Deltas, layer), Slice(Zs(layer), layer) + ", " + Slice(D(layer + 1) + "s", layer + 1) + ", " + Slice(D(layer) + "s", layer));
            }

            WriteStepChecks(
                "nameof(" + TrainBatch + ")",
                Lit("0"),
                layer => layer == 1 ? "x.Slice(s * InputCount, InputCount)" : layer - 1 == last ? Z(last) : Slice(Zs(layer - 1), layer - 1),
                layer => layer == L ? D(L) : Slice(D(layer) + "s", layer));
            _w.Close();
            _w.Line();
            for (int layer = L; layer >= 1; layer--)
            {
                WriteCalls(new Phase(PhaseKind.AccumulateGradientsBatch, layer), (layer == 1 ? "x" : Zs(layer - 1)) + ", " + D(layer) + "s");
            }

            _w.Line(State(PendingSamplesField) + " += " + group + ";");
            _w.Close();
            _w.Line();
            _w.Line("// The last samples one at a time.");
        }

        _w.Open("for (; n < samples; n++)");
        _w.Call("loss += " + BackpropagateCall("inputs.Slice(n * InputCount, InputCount)", "targets.Slice(n * OutputCount, OutputCount)", "nameof(" + TrainBatch + ")") + ";");
        _w.Line(State(PendingSamplesField) + "++;");
        _w.Close();
        _w.Line();
        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    /// <summary>One sample's loss from the forward pass alone, for Fit's validation: no deltas below the outputs, no gradients.</summary>
    private void WriteLoss()
    {
        _w.Line("/// <summary>");
        _w.Line("/// The sample's loss ℓ, the same number <see cref=\"Backward\"/> returns, from one forward pass: Fit's validation loss.");
        _w.Line("/// Writes nothing but its stack buffers; the caller has checked the spans' lengths.");
        _w.Line("/// </summary>");
        Generated();
        _w.Open("private " + _t + " " + LossMethod + "(" + _readOnlySpan + " input, " + _readOnlySpan + " target)");
        _w.Line("return __" + KernelsClass + ".Loss(" + State(ParametersField) + ", input, target);");
        _w.Close();
        _w.Line();
        InKernels(WriteLossKernel);
    }

    private void WriteLossKernel()
    {
        _w.Line("/// <summary>One sample's loss from the forward pass alone, as Backpropagate computes it: Fit's validation loss.</summary>");
        _w.Open("internal static " + _t + " Loss(" + _t + "[] parameters, " + _readOnlySpan + " input, " + _readOnlySpan + " target)");
        WriteHiddenBuffers();
        _w.Line(_span + " " + AOut + " = stackalloc " + _t + "[" + OutputCount + "];");
        _w.Line(_span + " " + D(L) + " = stackalloc " + _t + "[" + OutputCount + "];");
        _w.Line();
        _w.Line("// Forward pass to the output sums, then the loss as the output deltas compute it.");
        foreach (int layer in _shape.HiddenLayers)
        {
            WriteCalls(new Phase(PhaseKind.Layer, layer), In(layer, "input") + ", " + Z(layer));
            _w.Line(Activate(layer) + "(" + Z(layer) + ");");
        }

        WriteCalls(new Phase(PhaseKind.Layer, L), Z(L - 1) + ", " + AOut);
        _w.Line(_t + " loss = " + Lit("0") + ";");
        WriteCalls(new Phase(PhaseKind.OutputDeltas, L), AOut + ", target, " + D(L), "loss += ");
        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    private void WriteZeroGradients()
    {
        _w.Line("/// <summary>Clears <see cref=\"Gradients\"/> and forgets the samples accumulated since the last Step.</summary>");
        Generated();
        _w.Open("public void " + ZeroGradients + "()");
        _w.Line("global::System.Array.Clear(" + State(GradientsField) + ", 0, " + ParameterCount + ");");
        _w.Line(State(PendingSamplesField) + " = 0;");
        _w.Close();
        _w.Line();
    }

    private void WriteInitializeParameters()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Glorot-uniform initialization: each weight drawn from U(−r, r) with r = √(6 / (fan_in + fan_out)), that is");
        _w.Line(_shape.IsShallow
            ? "/// r = √(6 / (InputCount + HiddenCount)) for W1 and r = √(6 / (HiddenCount + OutputCount)) for W2; biases 0."
            : "/// r = √(6 / (units of layer l − 1 + units of layer l)) for each W_l, drawn layer by layer; biases 0.");
        _w.Line("/// Also clears the gradients" + (_shape.Optimizer == OptimizerKind.Sgd ? "." : " and the optimizer's state."));
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"seed\">");
        _w.Line("/// Seeds a SplitMix64 generator written out in the checks file, so that one seed gives bit-identical parameters on every machine");
        _w.Line("/// and .NET version.");
        _w.Line("/// </param>");
        Generated();
        _w.Open("public void " + InitializeParameters + "(int seed)");
        _w.Line("__" + KernelsClass + "." + InitializeParameters + "(" + State(ParametersField) + ", seed);");
        _w.Line(ZeroGradients + "();");
        WriteClearOptimizerState();
        _w.Close();
        _w.Line();
        InKernels(WriteInitializeKernel);
    }

    private void WriteInitializeKernel()
    {
        _w.Line("/// <summary>InitializeParameters' work: Glorot-uniform weights from SplitMix64, zero biases.</summary>");
        _w.Open("internal static void " + InitializeParameters + "(" + _t + "[] parameters, int seed)");
        _w.Line("ulong state = unchecked((ulong)(long)seed);");
        foreach (int layer in _shape.Layers)
        {
            _w.Line("double r" + N(layer) + " = global::System.Math.Sqrt(6.0 / (" + Count(layer - 1) + " + " + Count(layer) + "));");
        }

        _w.Line(_t + "[] p = " + State(ParametersField) + ";");
        foreach (int layer in _shape.Layers)
        {
            _w.Open("for (int n = 0; n < " + Count(layer) + " * " + Count(layer - 1) + "; n++)");
            _w.Line("p[" + WeightOffset(layer) + " + n] = (" + _t + ")(r" + N(layer) + " * (2.0 * " + Check(NextUniform) + "(ref state) - 1.0));");
            _w.Close();
            _w.Line();
            _w.Line("global::System.Array.Clear(p, " + BiasOffset(layer) + ", " + Count(layer) + ");");
        }

        _w.Close();
        _w.Line();
    }

    /// <summary>Writes one call per block of <paramref name="phase"/>.</summary>
    private void WriteCalls(Phase phase, string arguments, string prefix = "")
    {
        string name = Name(phase);
        foreach (Block block in BlockPlan.For(phase, _shape))
        {
            _w.Call(prefix + Block(name, block) + "(" + StateArguments(phase) + arguments + ");");
        }
    }
}
