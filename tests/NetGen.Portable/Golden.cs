namespace NetGen.Portable
{
    /// <summary>
    /// One golden case, one hidden layer (seed-network.json and the one-hidden-layer cases of deeper-networks.json) or
    /// more, with its parameters in the generated layout (W1 input-major). Here it comes from the linked readers of
    /// tests/NetGen.Tests (Checks.cs); tests/NetGen.Mono, which links this file, reads the same files itself (C# 9, no
    /// System.Text.Json).
    /// </summary>
    public sealed partial class Golden
    {
        public string Name = "";
        public int[] Sizes = new int[0];
        public int Batch, N, Steps;
        public double L2, LearningRate, Loss;
        public double[] Parameters = new double[0], Gradient = new double[0], ParametersAfter = new double[0];
        public double[][] X = new double[0][], T = new double[0][], Y = new double[0][];
    }
}
