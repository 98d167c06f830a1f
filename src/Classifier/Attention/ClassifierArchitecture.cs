namespace HardmaxCore.Classifier;

/// <summary>Which model a classifier file or training run holds.</summary>
public enum ClassifierArchitecture
{
    /// <summary>The pure-attention hardmax transformer of [AFZ] (SPEC §3.1); what files without an <c>architecture</c> field hold.</summary>
    Hardmax,

    /// <summary>The standard baseline: one softmax self-attention head, mean pooling, a dense ReLU layer and a sigmoid output (<see cref="AttentionPass{T}"/>).</summary>
    Attention,
}
