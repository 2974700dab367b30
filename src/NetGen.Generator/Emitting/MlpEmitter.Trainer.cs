using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Fit: the training loop users would otherwise write, generated into the class (so that it adds no run-time
/// dependency and compiles ahead of time like the rest): a seeded shuffle, mini-batches through TrainBatch, an optional
/// learning-rate schedule, a validation split with early stopping, and an IProgress report per epoch. The user's type
/// gets Fit and its three types; the shuffle and the accuracy rule sit in the file's helper class, Trainer.
/// </summary>
/// <remarks>
/// Written as C# raw string templates through <see cref="CodeWriter.Lines"/>: <c>{{…}}</c> holes, each a string
/// (numbers through <see cref="Invariant"/>), types named in full as in the rest of the user's part.
/// </remarks>
internal sealed partial class MlpEmitter
{
    /// <summary>The trainer's helper class, and the alias the user's part reaches it by.</summary>
    private const string TrainerHelperName = "Trainer";
    private const string TrainerAlias = "__" + TrainerHelperName;

    /// <summary>The trainer's helper class, beside Fit.</summary>
    private HelperClass? TrainerHelpers() => new(
        TrainerHelperName,
        "Fit's helpers: the seeded shuffle" + (_shape.Head == OutputHead.Linear ? "." : " and the accuracy rule."),
        WriteTrainerHelpers);

    /// <summary>The accuracy rule of the output head, for the docs.</summary>
    private string AccuracyRule => _shape.Head switch
    {
        OutputHead.Softmax => "Softmax outputs: the share of samples whose largest output is their target's largest (argmax).",
        OutputHead.Linear => "Linear outputs: NaN (a regression has no accuracy).",
        _ => "Sigmoid outputs: the share of samples whose every output is on the target's side of 0.5.",
    };

    private void WriteTrainer()
    {
        WriteTrainerTypes();
        WriteFit();
    }

    /// <summary>Fit's options, its report per epoch and its result: nested types of the user's type.</summary>
    private void WriteTrainerTypes()
    {
        string t = _t;
        _w.Lines($$"""
            /// <summary>The settings of <see cref="{{Fit}}"/>. Every value is checked before training starts.</summary>
            {{GeneratedCode}}
            public sealed class {{TrainingOptions}}
            {
                /// <summary>Passes over the training samples: at least 1. 100 unless set.</summary>
                public int Epochs { get; set; } = 100;

                /// <summary>Samples per <see cref="{{TrainBatch}}"/> step: at least 1 (the last batch of an epoch may be smaller). 32 unless set.</summary>
                public int BatchSize { get; set; } = 32;

                /// <summary>η, a finite number greater than 0; the schedule's starting point. {{Lit("0.01")}} unless set.</summary>
                public {{t}} LearningRate { get; set; } = {{Lit("0.01")}};

                /// <summary>λ of the L2 penalty on the weights: finite, 0 or more. 0 unless set.</summary>
                public {{t}} L2 { get; set; }

                /// <summary>Seeds the shuffles (the validation split and each epoch's order): the same seed and data train the same network.</summary>
                public int Seed { get; set; }

                /// <summary>The share of samples held out for validation, in [0, 1), rounded down to whole samples. 0 (none) unless set.</summary>
                public double ValidationFraction { get; set; }

                /// <summary>
                /// Early stopping: stop after this many epochs without a lower validation loss, and keep the parameters of the best
                /// epoch. 0 (never stop early) unless set; more than 0 needs a validation split.
                /// </summary>
                public int Patience { get; set; }

                /// <summary>
                /// The learning rate of each epoch (from 1), given <see cref="LearningRate"/>; null for a constant rate. It is called for
                /// every epoch before training starts, and every rate must be a finite number greater than 0.
                /// </summary>
                public global::System.Func<int, {{t}}, {{t}}>? LearningRateSchedule { get; set; }
            }

            """);
        _w.Lines(RecordStructs($$"""
            /// <summary>What <see cref="{{Fit}}"/> reports after each epoch.</summary>
            /// <param name="Epoch">The epoch just finished, from 1.</param>
            /// <param name="LearningRate">The rate it trained with.</param>
            /// <param name="TrainingLoss">The mean loss of its mini-batches, each taken before its step (no penalty).</param>
            /// <param name="TrainingAccuracy">
            /// The accuracy on the training samples after the epoch.
            /// {{AccuracyRule}}
            /// </param>
            /// <param name="ValidationLoss">
            /// The mean loss on the validation samples after the epoch; NaN without a validation split. +∞ or NaN when the network
            /// overflows on a validation sample: that is reported, not thrown, and early stopping counts it as no improvement.
            /// </param>
            /// <param name="ValidationAccuracy">The accuracy on the validation samples; NaN without a validation split.</param>
            {{GeneratedCode}}
            public readonly record struct {{EpochReport}}(
                int Epoch, {{t}} LearningRate, double TrainingLoss, double TrainingAccuracy, double ValidationLoss, double ValidationAccuracy);

            /// <summary>How <see cref="{{Fit}}"/> ended.</summary>
            /// <param name="Epochs">The epochs run.</param>
            /// <param name="BestEpoch">
            /// With early stopping, the epoch of the lowest validation loss, whose parameters the network keeps (0 if no epoch's
            /// validation loss was below +∞: the network then keeps the last epoch's parameters); otherwise the last epoch.
            /// </param>
            /// <param name="StoppedEarly">Whether early stopping ended training before the last epoch.</param>
            {{GeneratedCode}}
            public readonly record struct {{TrainingResult}}(int Epochs, int BestEpoch, bool StoppedEarly);

            """));
    }

    /// <summary>
    /// Fit: the checks of every setting, then the epochs; after each, the accuracy on the training samples and the loss
    /// and accuracy on the validation samples, from a local function that only reads the network.
    /// </summary>
    private void WriteFit()
    {
        string t = _t, zero = Lit("0");
        _w.Lines($$"""
            /// <summary>
            /// Trains the network on a data set: epochs of mini-batch steps through <see cref="{{TrainBatch}}"/> over the samples in
            /// a seeded random order, with an optional learning-rate schedule, validation split and early stopping, reporting each
            /// epoch to <paramref name="progress"/>. The L2 penalty's N is the number of training samples.
            /// </summary>
            /// <param name="inputs">The samples, row-major: InputCount values each.</param>
            /// <param name="targets">OutputCount targets per sample{{OutputRange}}.</param>
            /// <param name="options">The settings; see <see cref="{{TrainingOptions}}"/>.</param>
            /// <param name="progress">
            /// Receives an <see cref="{{EpochReport}}"/> after each epoch (on this thread: use a synchronous IProgress to print live).
            /// </param>
            /// <exception cref="global::System.ArgumentException">
            /// A span or setting is out of range, or an input or target is NaN or ±∞; nothing is written.
            /// </exception>
            /// <exception cref="global::System.NotFiniteNumberException">
            /// A step met a NaN or ±∞ loss or gradient (training diverged): training stops and the network keeps the parameters of the
            /// last step taken, every one finite. The message names the epoch and batch.
            /// </exception>
            /// <remarks>
            /// Starts by clearing pending gradients. Allocates the shuffle order and one batch's buffers per call (and, with early
            /// stopping, a copy of the parameters); each step allocates nothing. Not thread-safe.
            /// </remarks>
            {{GeneratedCode}}
            public {{TrainingResult}} {{Fit}}(
                global::System.ReadOnlySpan<{{t}}> inputs,
                global::System.ReadOnlySpan<{{t}}> targets,
                {{TrainingOptions}} options,
                global::System.IProgress<{{EpochReport}}>? progress = null)
            {
                if (options is null) throw new global::System.ArgumentNullException(nameof(options));
                global::System.Globalization.CultureInfo invariant = global::System.Globalization.CultureInfo.InvariantCulture;
                int samples = {{Check(SampleCount)}}(inputs, nameof(inputs), allowEmpty: false);
                if (targets.Length != (long)samples * OutputCount) throw {{Check(BatchLengthMismatch)}}(nameof(targets), targets.Length, samples);
                if (!(options.LearningRate > {{zero}}) || {{t}}.IsInfinity(options.LearningRate))
                {
                    throw new global::System.ArgumentOutOfRangeException(
                        nameof(options), options.LearningRate, "options.LearningRate (η) must be a finite number greater than 0.");
                }

                if (!(options.L2 >= {{zero}}) || {{t}}.IsInfinity(options.L2))
                {
                    throw new global::System.ArgumentOutOfRangeException(
                        nameof(options), options.L2, "options.L2 (λ) must be a finite number, 0 or more: use 0 for no penalty.");
                }

                if (options.Epochs < 1)
                {
                    throw new global::System.ArgumentOutOfRangeException(nameof(options), options.Epochs, "options.Epochs must be at least 1.");
                }

                if (options.BatchSize < 1)
                {
                    throw new global::System.ArgumentOutOfRangeException(nameof(options), options.BatchSize, "options.BatchSize must be at least 1.");
                }

                if (!(options.ValidationFraction >= 0 && options.ValidationFraction < 1))
                {
                    throw new global::System.ArgumentOutOfRangeException(
                        nameof(options), options.ValidationFraction, "options.ValidationFraction must be in [0, 1): 0 for no validation split.");
                }

                int validation = (int)(samples * options.ValidationFraction);
                int training = samples - validation;   // at least 1: the split rounds down and the fraction is below 1
                if (options.Patience < 0 || (options.Patience > 0 && validation == 0))
                {
                    throw new global::System.ArgumentException(
                        "options.Patience must be 0, or more than 0 with a validation split that holds at least one sample.", nameof(options));
                }

                {{t}}[] rates = new {{t}}[options.Epochs];
                for (int epoch = 1; epoch <= options.Epochs; epoch++)
                {
                    {{t}} rate = options.LearningRateSchedule is null ? options.LearningRate : options.LearningRateSchedule(epoch, options.LearningRate);
                    if (!(rate > {{zero}}) || {{t}}.IsInfinity(rate))
                    {
                        throw new global::System.ArgumentException(
                            "options.LearningRateSchedule gave " + rate.ToString(invariant) + " for epoch " + epoch.ToString(invariant)
                                + ": every rate must be a finite number greater than 0.",
                            nameof(options));
                    }

                    if ((double)rate * options.L2 / training > 2)
                    {
                        throw new global::System.ArgumentException(
                            "options.L2 with the rate " + rate.ToString(invariant) + " of epoch " + epoch.ToString(invariant) + " makes η·λ/N = "
                                + ((double)rate * options.L2 / training).ToString(invariant) + " (N = " + training.ToString(invariant)
                                + " training samples): it must be at most 2, or the weights grow without bound. Lower L2 or the rate.",
                            nameof(options));
                    }

                    rates[epoch - 1] = rate;
                }

                {{Check(RequireFinite)}}(inputs, nameof(inputs), InputCount);
                {{Check(RequireFinite)}}(targets, nameof(targets), OutputCount);

                // Everything is checked: training starts. The validation samples are the last of one seeded shuffle, fixed for the run.
                {{ZeroGradients}}();
                ulong state = unchecked((ulong)(long)options.Seed) ^ 0x4E657447656E2121UL;
                int[] order = new int[samples];
                for (int n = 0; n < samples; n++) order[n] = n;
                {{TrainerAlias}}.{{Shuffle}}(order, samples, ref state);
                global::System.Span<{{t}}> batchInputs = new {{t}}[global::System.Math.Min(options.BatchSize, training) * InputCount];
                global::System.Span<{{t}}> batchTargets = new {{t}}[global::System.Math.Min(options.BatchSize, training) * OutputCount];
                {{t}}[]? best = options.Patience > 0 ? new {{t}}[ParameterCount] : null;
                double bestLoss = double.PositiveInfinity;
                int bestEpoch = 0, epochs = 0;
                bool stoppedEarly = false;
                for (int epoch = 1; epoch <= options.Epochs; epoch++)
                {
                    {{TrainerAlias}}.{{Shuffle}}(order, training, ref state);
                    double lossSum = 0;
                    for (int start = 0, batch = 1; start < training; start += options.BatchSize, batch++)
                    {
                        int count = global::System.Math.Min(options.BatchSize, training - start);
                        for (int s = 0; s < count; s++)
                        {
                            int sample = order[start + s];
                            inputs.Slice(sample * InputCount, InputCount).CopyTo(batchInputs.Slice(s * InputCount, InputCount));
                            targets.Slice(sample * OutputCount, OutputCount).CopyTo(batchTargets.Slice(s * OutputCount, OutputCount));
                        }

                        try
                        {
                            {{t}} loss = {{TrainBatch}}(
                                batchInputs.Slice(0, count * InputCount), batchTargets.Slice(0, count * OutputCount),
                                rates[epoch - 1], options.L2, training);
                            lossSum += (double)loss * count;
                        }
                        catch (global::System.NotFiniteNumberException e)
                        {
                            throw new global::System.NotFiniteNumberException(
                                "Fit stopped in epoch " + epoch.ToString(invariant) + ", batch " + batch.ToString(invariant)
                                    + ", keeping the parameters of the last step taken. " + e.Message,
                                e.OffendingNumber,
                                e);
                        }
                    }

                    epochs = epoch;
            {{EpochEvaluation()}}
                    progress?.Report(new {{EpochReport}}(epoch, rates[epoch - 1], lossSum / training, trainingAccuracy, validationLoss, validationAccuracy));
                    if (best is null)
                    {
                        bestEpoch = epoch;
                        continue;
                    }

                    if (validationLoss < bestLoss)
                    {
                        bestLoss = validationLoss;
                        bestEpoch = epoch;
                        {{SaveBest}}
                    }
                    else if (epoch - bestEpoch >= options.Patience)
                    {
                        stoppedEarly = epoch < options.Epochs;
                        break;
                    }
                }

                if (best is not null && bestEpoch > 0 && bestEpoch != epochs)
                {
                    {{RestoreBest}}
                }

                return new {{TrainingResult}}(epochs, bestEpoch, stoppedEarly);

            {{EvaluateFunction()}}
            }

            """);
    }

    /// <summary>
    /// Fit's copy of the parameters into the array <c>best</c> (the best epoch so far), through the span
    /// <c>Parameters</c> where the field is an aligned window (<see cref="NetworkModel.AlignedState"/>).
    /// </summary>
    private string SaveBest => _model.AlignedState
        ? $$"""{{Parameters}}.CopyTo(best);"""
        : $$"""global::System.Array.Copy({{ParametersField}}, best, ParameterCount);""";

    /// <summary>Fit's copy of <c>best</c> back into the parameters, the reverse of <see cref="SaveBest"/>.</summary>
    private string RestoreBest => _model.AlignedState
        ? $$"""new global::System.ReadOnlySpan<{{_t}}>(best).CopyTo({{Parameters}});"""
        : $$"""global::System.Array.Copy(best, {{ParametersField}}, ParameterCount);""";

    /// <summary>
    /// The end of an epoch in Fit, at the loop body's indentation: trainingAccuracy, validationLoss and
    /// validationAccuracy (NaN where there is none: no split, or linear outputs).
    /// </summary>
    private string EpochEvaluation() => _shape.Head == OutputHead.Linear
        ? $$"""
                    const double trainingAccuracy = double.NaN, validationAccuracy = double.NaN;   // a regression has no accuracy
                    double validationLoss = validation > 0 ? {{Evaluate}}(inputs, targets, order, training, samples) : double.NaN;
            """
        : $$"""
                    (_, double trainingAccuracy) = {{Evaluate}}(inputs, targets, order, 0, training, lossToo: false);
                    (double validationLoss, double validationAccuracy) = validation > 0
                        ? {{Evaluate}}(inputs, targets, order, training, samples, lossToo: true)
                        : (double.NaN, double.NaN);
            """;

    /// <summary>
    /// Fit's local function over the samples order[first..end): the mean loss from <see cref="LossMethod"/> (Backward's loss
    /// from one forward pass, writing nothing) and, but for linear outputs, the accuracy from Forward's outputs. It captures
    /// only <c>this</c> and is never made a delegate, so it allocates nothing; it writes no gradient.
    /// </summary>
    private string EvaluateFunction()
    {
        string t = _t;
        return _shape.Head == OutputHead.Linear
            ? $$"""
                    // The mean loss of the samples order[first..end): Backward's loss, from one forward pass that writes nothing.
                    double {{Evaluate}}(global::System.ReadOnlySpan<{{t}}> inputs, global::System.ReadOnlySpan<{{t}}> targets, int[] order, int first, int end)
                    {
                        double loss = 0;
                        for (int n = first; n < end; n++)
                        {
                            loss += (double){{LossMethod}}(inputs.Slice(order[n] * InputCount, InputCount), targets.Slice(order[n] * OutputCount, OutputCount));
                        }

                        return loss / (end - first);
                    }
                """
            : $$"""
                    // The mean loss (if asked: NaN otherwise) and the accuracy of the samples order[first..end): the loss is Backward's, from
                    // one forward pass that writes nothing; the accuracy is from Forward's outputs. No gradient is touched.
                    (double Loss, double Accuracy) {{Evaluate}}(
                        global::System.ReadOnlySpan<{{t}}> inputs, global::System.ReadOnlySpan<{{t}}> targets, int[] order, int first, int end, bool lossToo)
                    {
                        global::System.Span<{{t}}> y = stackalloc {{t}}[OutputCount];
                        double loss = 0;
                        int correct = 0;
                        for (int n = first; n < end; n++)
                        {
                            global::System.ReadOnlySpan<{{t}}> x = inputs.Slice(order[n] * InputCount, InputCount);
                            global::System.ReadOnlySpan<{{t}}> target = targets.Slice(order[n] * OutputCount, OutputCount);
                            if (lossToo) loss += (double){{LossMethod}}(x, target);
                            {{Forward}}(x, y);
                            correct += {{TrainerAlias}}.{{Correct}}(y, target) ? 1 : 0;
                        }

                        return (lossToo ? loss / (end - first) : double.NaN, (double)correct / (end - first));
                    }
                """;
    }

    /// <summary>
    /// The trainer's helper class: the accuracy rule (but for linear outputs) and the shuffle, which draws from the
    /// checks class's SplitMix64.
    /// </summary>
    private void WriteTrainerHelpers()
    {
        string t = _t;
        if (_shape.Head != OutputHead.Linear)
        {
            _w.Lines($$"""
                /// <summary>
                /// Whether outputs <paramref name="y"/> answer targets <paramref name="t"/>.
                /// {{AccuracyRule}}
                /// </summary>
                internal static bool {{Correct}}(global::System.ReadOnlySpan<{{t}}> y, global::System.ReadOnlySpan<{{t}}> t)
                {
                """);
            _w.Indent();
            _w.Lines(_shape.Head == OutputHead.Softmax
                ? """
                    int predicted = 0, expected = 0;
                    for (int k = 1; k < y.Length; k++)
                    {
                        if (y[k] > y[predicted]) predicted = k;
                        if (t[k] > t[expected]) expected = k;
                    }

                    return predicted == expected;
                    """
                : $$"""
                    for (int k = 0; k < y.Length; k++)
                    {
                        if ((y[k] >= {{Lit("0.5")}}) != (t[k] >= {{Lit("0.5")}})) return false;
                    }

                    return true;
                    """);
            _w.Outdent();
            _w.Lines("""
                }

                """);
        }

        _w.Lines($$"""
            /// <summary>Fisher–Yates over order[0..count), from SplitMix64: the same seed gives the same order on every machine.</summary>
            internal static void {{Shuffle}}(int[] order, int count, ref ulong state)
            {
                for (int n = count - 1; n > 0; n--)
                {
                    int k = (int)({{Check(NextUniform)}}(ref state) * (n + 1));
                    (order[n], order[k]) = (order[k], order[n]);
                }
            }
            """);
    }
}
