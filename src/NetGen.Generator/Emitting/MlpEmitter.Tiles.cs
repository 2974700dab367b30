using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// TrainBatch's gradients for a chunk of samples (<see cref="BatchBlocking.TrainingSamples"/>): for each layer,
/// G_w += Σ_s (sample s's deltas ⊗ its unit inputs), a small matrix product over the samples. A tile of G,
/// <see cref="BatchBlocking.TileRows"/> rows by <see cref="BatchBlocking.TileVectors"/> vectors (or by the row's full
/// vectors, where a row has fewer), is held in registers
/// while every sample's products are added to it in sample order: G is loaded and stored once per chunk, and each
/// vector loaded from a sample serves all the tile's rows.
/// </summary>
/// <remarks>
/// Every element of G gets the same operations, in the same order, as one Backward call per sample gives it: a product
/// of the sample's two values added to the running sum, fused where the one-sample kernel fuses it. Which columns a
/// full vector, a 128-bit vector or a scalar covers is <see cref="WidthsFor"/>'s split, as in the one-sample kernels,
/// so TrainBatch's sums are bit for bit those of Backward on each sample.
/// A row of G is a row of the layer's stored weights: one input's units for the input-major first layer (the
/// sample's input broadcast, its deltas loaded as vectors), one unit's inputs for a row-major layer (the delta
/// broadcast, the inputs loaded as vectors).
/// </remarks>
internal sealed partial class MlpEmitter
{
    /// <summary>The dispatcher and kernels of layer <paramref name="layer"/>'s gradients over a chunk of samples.</summary>
    private void WriteTiledAccumulatePhase(int layer)
    {
        string x = In(layer, "x"), d = D(layer), u = UnitIndex(layer), v = InputIndex(layer);
        WriteSimdPhase(
            new Phase(PhaseKind.AccumulateGradientsBatch, layer),
            new[]
            {
                $$"""{{UnitsTitle(layer)}}:  ∂ℓ/∂w_{{u}}{{v}} += Σ_s δ_s{{u}} {{Sym(layer - 1)}}_s{{v}},  ∂ℓ/∂b_{{u}} += Σ_s δ_s{{u}}, the samples s in order:""",
                $$"""sample s's inputs at s·{{Count(layer - 1)}}, its deltas at s·{{Count(layer)}}; a tile of G (rows of W as stored) held in""",
                "registers while every sample's products are added, so each vector of G is loaded and stored once",
            },
            $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}, int samples""",
            $$"""{{x}}, {{d}}, samples""",
            bits => WriteTiledAccumulateKernel(bits, layer, x, d));
    }

    /// <summary>One kernel of <see cref="WriteTiledAccumulatePhase"/>: the tiles of rows, the last rows alone, then the biases.</summary>
    private void WriteTiledAccumulateKernel(int bits, int layer, string x, string d)
    {
        bool inputMajor = NetworkShape.IsInputMajor(layer);
        string inputCount = Count(layer - 1), unitCount = Count(layer);
        int rows = inputMajor ? _shape.Size(layer - 1) : _shape.Size(layer);
        var tile = new GradientTile(
            inputMajor,
            Row: inputMajor ? InputIndex(layer) : UnitIndex(layer),
            Column: inputMajor ? UnitIndex(layer) : InputIndex(layer),
            RowCount: inputMajor ? inputCount : unitCount,
            ColumnCount: inputMajor ? unitCount : inputCount,
            Columns: inputMajor ? _shape.Size(layer) : _shape.Size(layer - 1),
            WeightOffset: WeightOffset(layer));
        string row = tile.Row, rowCount = tile.RowCount;
        _w.Lines($$"""
            {{x}} = {{x}}.Slice(0, samples * {{inputCount}});
            {{d}} = {{d}}.Slice(0, samples * {{unitCount}});
            ref {{_t}} g = ref {{StateReference}}({{State(GradientsField)}});
            ref {{_t}} rx = ref {{SpanReference}}({{x}});
            ref {{_t}} rd = ref {{SpanReference}}({{d}});
            int {{row}} = 0;
            """);
        int tileRows = BatchBlocking.TileRows;
        if (rows >= tileRows)
        {
            _w.Lines($$"""// {{N(tileRows)}} rows of G at a time: {{row}} … {{row}} + {{N(tileRows - 1)}}""");
            _w.Open($$"""for (; {{row}} <= {{rowCount}} - {{N(tileRows)}}; {{row}} += {{N(tileRows)}})""");
            WriteTileColumns(bits, tile, tileRows);
            _w.Close();
            _w.Line();
        }

        if (rows % tileRows != 0)
        {
            _w.Lines(rows >= tileRows ? "// The last rows one at a time" : "// One row of G at a time");
            _w.Open($$"""for (; {{row}} < {{rowCount}}; {{row}}++)""");
            WriteTileColumns(bits, tile, 1);
            _w.Close();
            _w.Line();
        }

        string unit = UnitIndex(layer), bias = $$"""{{BiasOffset(layer)}} + {{unit}}""";
        _w.Open("// The biases, G_b += δ for each sample in order: the same additions on every lane as one at a time");
        _w.Line(inputMajor ? $$"""int {{unit}} = 0;""" : $$"""{{unit}} = 0;""");
        WriteColumns(bits, unit, unitCount, _shape.Size(layer), width => width == 0
            ? $$"""
                for (int s = 0; s < samples; s++)
                {
                    {{At("g", bias)}} += {{At("rd", $$"""s * {{unitCount}} + {{unit}}""")}};
                }
                """
            : $$"""
                {{VectorOf(width)}} gb = {{Load(width, "g", bias)}};
                for (int s = 0; s < samples; s++)
                {
                    gb += {{Load(width, "rd", $$"""s * {{unitCount}} + {{unit}}""")}};
                }

                {{Store(width, "gb", "g", bias)}}
                """);
        _w.Close();
    }

    /// <summary>
    /// What a gradient tile reads: rows <see cref="Row"/> and columns <see cref="Column"/> of G as the layer's weights are
    /// stored (<see cref="RowCount"/> × <see cref="ColumnCount"/>); per sample, one value per row, broadcast, and a vector
    /// per column block. In the input-major first layer a row is one input's units: the sample's input is broadcast and
    /// its deltas loaded; in a row-major layer a row is one unit's inputs: the delta is broadcast and the inputs loaded.
    /// A sample's values of either kind lie side by side, so each kind's stride between samples is its count.
    /// </summary>
    private readonly record struct GradientTile(
        bool InputMajor, string Row, string Column, string RowCount, string ColumnCount, int Columns, string WeightOffset)
    {
        /// <summary>The reference to the values broadcast, one per row: <c>rx</c> (inputs) or <c>rd</c> (deltas).</summary>
        public string Broadcast => InputMajor ? "rx" : "rd";

        /// <summary>The name of a broadcast value's local: <c>input</c> or <c>delta</c>, numbered by row.</summary>
        public string BroadcastName => InputMajor ? "input" : "delta";

        /// <summary>The reference to the values loaded as vectors, along a row: <c>rd</c> (deltas) or <c>rx</c> (inputs).</summary>
        public string Loaded => InputMajor ? "rd" : "rx";

        /// <summary>The name of a loaded vector's local: <c>delta</c> or <c>input</c>, numbered by column block.</summary>
        public string LoadedName => InputMajor ? "delta" : "input";
    }

    /// <summary>
    /// The column loops for tiles of <paramref name="rows"/> rows, over <see cref="WidthsFor"/>'s split of the columns (the
    /// one-sample kernels'): the full vectors in blocks of <see cref="BatchBlocking.TileVectors"/> (or of all of them, where
    /// a row has fewer), then one at a time, then 128-bit vectors, then single columns; only the loops that run.
    /// </summary>
    private void WriteTileColumns(int bits, GradientTile tile, int rows)
    {
        string column = tile.Column;
        _w.Line($$"""int {{column}} = 0;""");
        // A row of fewer full vectors than a tile holds gets one tile as wide as the row.
        int vectors = tile.Columns / Lanes(bits), perTile = Math.Min(BatchBlocking.TileVectors(bits), Math.Max(vectors, 1));
        var loops = new List<(int Width, int Vectors)>();
        foreach (int width in WidthsFor(bits, tile.Columns))
        {
            if (width != bits)
            {
                loops.Add((width, 1));
                continue;
            }

            if (vectors >= perTile)
            {
                loops.Add((bits, perTile));
            }

            if (vectors % perTile != 0)
            {
                loops.Add((bits, 1));
            }
        }

        foreach ((int width, int count) in loops)
        {
            int step = width == 0 ? 1 : count * Lanes(width);
            _w.Open(width == 0
                ? $$"""for (; {{column}} < {{tile.ColumnCount}}; {{column}}++)"""
                : $$"""for (; {{column}} <= {{tile.ColumnCount}} - {{N(step)}}; {{column}} += {{N(step)}})""");
            WriteTile(width, count, tile, rows);
            _w.Close();
            _w.Line();
        }
    }

    /// <summary>
    /// One tile: G's <paramref name="rows"/> × <paramref name="vectors"/> vectors of <paramref name="width"/> bits (0: one
    /// value each) loaded into sums, every sample's products added in order, the sums stored back.
    /// </summary>
    private void WriteTile(int width, int vectors, GradientTile tile, int rows)
    {
        IEnumerable<int> allRows = Enumerable.Range(0, rows), allVectors = Enumerable.Range(0, vectors);
        string Sum(int r, int c) => vectors == 1 ? $$"""g{{N(r)}}""" : $$"""g{{N(r)}}{{N(c)}}""";
        string RowAt(int r) => $$"""at{{N(r)}}""";
        string Offset(string at, int c) => c == 0 ? at : $$"""{{at}} + {{N(c * Lanes(width))}}""";
        string Value(string name, int index) => $$"""{{name}}{{N(index)}}""";
        string type = width == 0 ? _t : VectorOf(width);
        string ReadG(int r, int c) => width == 0 ? At("g", RowAt(r)) : Load(width, "g", Offset(RowAt(r), c));
        string WriteG(int r, int c) => width == 0 ? $$"""{{At("g", RowAt(r))}} = {{Sum(r, c)}};""" : Store(width, Sum(r, c), "g", Offset(RowAt(r), c));
        string Product(int r, int c) => width == 0
            ? $$"""{{Sum(r, c)}} += {{Value(tile.BroadcastName, r)}} * {{Value(tile.LoadedName, c)}};"""
            : $$"""{{Sum(r, c)}} = {{MultiplyAdd(width, Value(tile.BroadcastName, r), Value(tile.LoadedName, c), Sum(r, c))}};""";
        string broadcast = $$"""s * {{tile.RowCount}} + {{tile.Row}}""", loaded = $$"""s * {{tile.ColumnCount}} + {{tile.Column}}""";
        string broadcastAt = $$"""{{tile.BroadcastName}}At""", loadedAt = $$"""{{tile.LoadedName}}At""";
        string BroadcastAt(int r) => r == 0 ? broadcastAt : $$"""{{broadcastAt}} + {{N(r)}}""";
        _w.Lines($$"""
            {{Joined(allRows.Select(r => r == 0
                ? $$"""int {{RowAt(0)}} = {{tile.WeightOffset}} + ({{tile.Row}} * {{tile.ColumnCount}}) + {{tile.Column}};"""
                : $$"""int {{RowAt(r)}} = {{RowAt(r - 1)}} + {{tile.ColumnCount}};"""))}}
            {{Joined(allRows.SelectMany(r => allVectors.Select(c => $$"""{{type}} {{Sum(r, c)}} = {{ReadG(r, c)}};""")))}}
            """);
        _w.Open("for (int s = 0; s < samples; s++)");
        _w.Lines($$"""
            int {{broadcastAt}} = {{broadcast}}, {{loadedAt}} = {{loaded}};
            {{Joined(allVectors.Select(c => $$"""{{type}} {{Value(tile.LoadedName, c)}} = {{(width == 0 ? At(tile.Loaded, loadedAt) : Load(width, tile.Loaded, Offset(loadedAt, c)))}};"""))}}
            {{Joined(allRows.SelectMany(r => allVectors.Select(c => Product(r, c)).Prepend(
                width == 0
                    ? $$"""{{_t}} {{Value(tile.BroadcastName, r)}} = {{At(tile.Broadcast, BroadcastAt(r))}};"""
                    : $$"""{{type}} {{Value(tile.BroadcastName, r)}} = {{VectorType(width)}}.Create({{At(tile.Broadcast, BroadcastAt(r))}});""")))}}
            """);
        _w.Close();
        _w.Lines($$"""

            {{Joined(allRows.SelectMany(r => allVectors.Select(c => WriteG(r, c))))}}
            """);
    }
}
