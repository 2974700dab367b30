namespace NetGen.Benchmarks;

/// <summary>
/// The hand-specialized classes of ../shared/reference/cs take their weights in the textbook layout: w1[i·H + j]
/// (input-major), b1[j], w2[j·O + k], b2[k]. This converts the generated <c>Parameters</c> layout (W1 row-major
/// [H × I], b1, W2 row-major [O × H], b2) to it.
/// </summary>
internal static class Yardstick
{
    public static (float[] W1, float[] B1, float[] W2, float[] B2) Textbook(float[] parameters, int inputs, int hidden, int outputs)
    {
        float[] w1 = new float[inputs * hidden], b1 = new float[hidden], w2 = new float[hidden * outputs], b2 = new float[outputs];
        int biases1 = hidden * inputs, weights2 = biases1 + hidden, biases2 = weights2 + (outputs * hidden);
        for (int j = 0; j < hidden; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                w1[(i * hidden) + j] = parameters[(j * inputs) + i];
            }

            b1[j] = parameters[biases1 + j];
            for (int k = 0; k < outputs; k++)
            {
                w2[(j * outputs) + k] = parameters[weights2 + (k * hidden) + j];
            }
        }

        for (int k = 0; k < outputs; k++)
        {
            b2[k] = parameters[biases2 + k];
        }

        return (w1, b1, w2, b2);
    }
}
