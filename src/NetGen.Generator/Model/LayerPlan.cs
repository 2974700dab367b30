using System;
using System.Collections.Generic;

namespace NetGen.Generator.Model;

// How the emitter lays out a network's layer code: the phases it computes (PhaseKind, Phase, LayerPlan.Phases), how
// each phase is cut into methods (Block, BlockPlan), and when batch code blocks samples (BatchBlocking). The names of
// the methods these give are Emitting.Names' business.

/// <summary>What a phase of the layers' code computes; each kind but OutputDeltas exists once per layer it applies to.</summary>
internal enum PhaseKind
{
    /// <summary>a = W x + b for one layer and one sample.</summary>
    Layer,

    /// <summary>a = W x + b for one layer and <see cref="BatchBlocking.Samples"/> samples.</summary>
    LayerBatch,

    /// <summary>δ = y − t and the loss, at the outputs.</summary>
    OutputDeltas,

    /// <summary>δ_j = f'(a_j) Σ_k w_kj δ_k for one hidden layer.</summary>
    Deltas,
    AccumulateGradients,
    AccumulateGradientsBatch,
    Update,
    Train,
}

/// <summary>One phase of the layers' code: a kind of computation on one layer (1 to L).</summary>
internal readonly record struct Phase(PhaseKind Kind, int Layer);

/// <summary>The phases of a network's layer code.</summary>
internal static class LayerPlan
{
    /// <summary>Every phase the network's code has, in the order the emitter writes them.</summary>
    public static IEnumerable<Phase> Phases(NetworkShape shape)
    {
        int last = shape.LayerCount;
        foreach (int layer in shape.Layers)
        {
            yield return new Phase(PhaseKind.Layer, layer);
        }

        if (BatchBlocking.Applies(shape))
        {
            foreach (int layer in shape.Layers)
            {
                yield return new Phase(PhaseKind.LayerBatch, layer);
            }
        }

        yield return new Phase(PhaseKind.OutputDeltas, last);
        for (int layer = last - 1; layer >= 1; layer--)
        {
            yield return new Phase(PhaseKind.Deltas, layer);
        }

        for (int layer = last; layer >= 1; layer--)
        {
            yield return new Phase(PhaseKind.AccumulateGradients, layer);
        }

        if (BatchBlocking.AppliesToTraining(shape))
        {
            for (int layer = last; layer >= 1; layer--)
            {
                yield return new Phase(PhaseKind.AccumulateGradientsBatch, layer);
            }
        }

        if (shape.Optimizer == OptimizerKind.Sgd)
        {
            foreach (int layer in shape.Layers)
            {
                yield return new Phase(PhaseKind.Update, layer);
            }

            for (int layer = last; layer >= 1; layer--)
            {
                yield return new Phase(PhaseKind.Train, layer);
            }
        }
    }
}

/// <summary>
/// Rows <see cref="First"/> to <see cref="Last"/> (inclusive) of one layer's computation; or, for
/// a row too wide for one method, its columns <see cref="FirstColumn"/> to <see cref="LastColumn"/>.
/// </summary>
internal readonly record struct Block(int First, int Last, int TermsPerRow, int FirstColumn = -1, int LastColumn = -1)
{
    /// <summary>Whether this block holds part of one row (then <see cref="First"/> equals <see cref="Last"/>).</summary>
    public bool IsPartOfRow => FirstColumn >= 0;

    public int Terms => IsPartOfRow ? LastColumn - FirstColumn + 1 : (Last - First + 1) * TermsPerRow;
}

/// <summary>
/// Cuts each phase's straight-line code into methods of whole rows with at most
/// <see cref="NetworkLimits.TermsPerMethod"/> terms each (at least one row); a row longer than that is cut into
/// pieces of columns where the phase allows it (gradients, updates) and is a method of its own otherwise, so that
/// every method stays far below the JIT's optimization limits.
/// </summary>
internal static class BlockPlan
{
    /// <summary>Blocks this small are marked for inlining into their caller.</summary>
    public const int InlineTerms = 64;

    public static IReadOnlyList<Block> For(Phase phase, NetworkShape shape)
    {
        int units = shape.Size(phase.Layer), fanIn = shape.Size(phase.Layer - 1);
        (int rows, int termsPerRow) = phase.Kind switch
        {
            PhaseKind.Layer or PhaseKind.LayerBatch => (units, fanIn),
            PhaseKind.OutputDeltas => (units, 8),
            PhaseKind.Deltas => (units, shape.Size(phase.Layer + 1)),
            _ => (units, fanIn + 1),
        };

        var blocks = new List<Block>();
        if (!shape.IsUnrolled || (phase.Kind == PhaseKind.OutputDeltas && shape.Head != OutputHead.Sigmoid))
        {
            // Looped code, and softmax or linear outputs' deltas (a softmax needs every output at once): one method.
            blocks.Add(new Block(0, rows - 1, termsPerRow));
            return blocks;
        }

        int budget = NetworkLimits.TermsPerMethod;
        if (termsPerRow > budget && CanSplitRows(phase))
        {
            // One statement per scalar: a row wider than a method's budget is cut into column ranges.
            int columns = termsPerRow - 1;
            for (int row = 0; row < rows; row++)
            {
                for (int first = 0; first < columns; first += budget)
                {
                    blocks.Add(new Block(row, row, termsPerRow, first, Math.Min(first + budget, columns) - 1));
                }
            }

            return blocks;
        }

        int rowsPerBlock = termsPerRow >= budget ? 1 : budget / termsPerRow;
        for (int first = 0; first < rows; first += rowsPerBlock)
        {
            int last = first + rowsPerBlock - 1;
            blocks.Add(new Block(first, last < rows - 1 ? last : rows - 1, termsPerRow));
        }

        return blocks;
    }

    /// <summary>Phases written as one statement per value or vector of values (weights, then the row's bias), which can be cut mid-row.</summary>
    private static bool CanSplitRows(Phase phase) => phase.Kind is PhaseKind.AccumulateGradients or PhaseKind.Update or PhaseKind.Train;
}

/// <summary>
/// ForwardBatch of SIMD networks computes the hidden layer of <see cref="Samples"/> samples at once, so that each
/// weight vector loaded serves them all (register blocking); their hidden units go in one stack buffer.
/// </summary>
internal static class BatchBlocking
{
    public const int Samples = 8;

    /// <summary>
    /// Rows of a layer's weights per block in the batch kernel (<c>…LayerBatch</c>): 2 with the 32 vector registers of
    /// AVX-512, 1 with the 16 of AVX2 and of most 128-bit instruction sets. A block keeps <see cref="Samples"/> × rows
    /// vector sums live, besides one vector of inputs per sample (<see cref="Samples"/> of them, loaded once per step
    /// and shared by the rows) and the row's weight vector: 2 rows take 16 + 8 + 1 = 25 of AVX-512's registers (4 rows'
    /// 32 sums alone would fill all 32); 1 row already takes 8 + 8 + 1 = 17 where AVX2 has 16, so a second row would
    /// spill.
    /// </summary>
    public static int RowsFor(int bits) => bits == 512 ? 2 : 1;

    /// <summary>Largest stack buffer, in bytes, for the samples' hidden units.</summary>
    public const int MaxBufferBytes = 64 * 1024;

    /// <summary>
    /// Most samples TrainBatch takes through the gradients at once: their forward passes and deltas go
    /// <see cref="Samples"/> at a time into buffers for all of them, then each layer's G gets every sample's products
    /// with a tile of G held in registers (<see cref="TileRows"/>, <see cref="TileVectors"/>), so G is loaded and stored
    /// once per chunk. 32 is the batch of the benchmarks. Against chunks of 8 (issue 14, 6 Dec 2026, an AVX-512 machine;
    /// <c>compare-generator.sh</c> against a build with 8, <c>TrainBatch</c> of 32): 784-128-10 86.4 µs against 94.7 µs
    /// (in an earlier run the chunk-32 job's process was a slow one, 117 against 96 µs); 30-16-1 and 64-32-10 within 6 %
    /// either way (1.99 against 1.87 µs, 6.94 against 6.72 µs). A scratch program timing the first layer's gradients of 32
    /// samples apart: 32 µs in one chunk, 37–38 µs in four, 89–92 µs in the 8-sample kernel that came before the tiles.
    /// </summary>
    public const int MaxTrainingSamples = 32;

    /// <summary>
    /// Samples per TrainBatch chunk: the most whole blocks of <see cref="Samples"/>, up to <see cref="MaxTrainingSamples"/>,
    /// whose buffers (hidden units and deltas, output activations and deltas, for every sample of the chunk) fit in
    /// twice <see cref="MaxBufferBytes"/>, counted in doubles; 0 where not even one block fits (then one sample at a time).
    /// </summary>
    public static int TrainingSamples(NetworkShape shape)
    {
        if (!Applies(shape))
        {
            return 0;
        }

        long bytesPerSample = 2 * ((long)shape.HiddenUnits + shape.Outputs) * sizeof(double);
        long fits = 2 * MaxBufferBytes / bytesPerSample / Samples * Samples;
        return (int)Math.Min(MaxTrainingSamples, fits);
    }

    /// <summary>Whether TrainBatch blocks samples too (<see cref="TrainingSamples"/> is at least one block).</summary>
    public static bool AppliesToTraining(NetworkShape shape) => TrainingSamples(shape) >= Samples;

    /// <summary>Rows of G in a register tile of TrainBatch's gradient kernels: each vector loaded from a sample serves all of them.</summary>
    public const int TileRows = 4;

    /// <summary>
    /// Vectors of G per row in a register tile: 4 with the 32 registers of AVX-512 (4 × 4 sums, 4 vectors of the
    /// sample's values and one broadcast: 21 registers), 2 with 16 registers (8 + 2 + 1 = 11). At 512 bits, 4 against 2
    /// (issue 14, 6 Dec 2026, <c>compare-generator.sh</c> against a build with 2): 784-128-10 <c>TrainBatch</c> of 32
    /// 86.8 µs against 97.1 µs (an earlier run's 4-vector job was a slow process, 120 against 90 µs).
    /// </summary>
    public static int TileVectors(int bits) => bits == 512 ? 4 : 2;

    /// <summary>
    /// Whether ForwardBatch blocks samples: SIMD networks whose buffer (every hidden layer's units for each sample of a
    /// block) fits, counted in doubles for either precision.
    /// </summary>
    public static bool Applies(NetworkShape shape) =>
        !shape.IsUnrolled && (long)Samples * shape.HiddenUnits * sizeof(double) <= MaxBufferBytes;
}
