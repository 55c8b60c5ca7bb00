namespace SimCache.Experiments.Stages;

/// <summary>What the work folder of a resumable stage holds after its build stopped (see <see cref="ResumableBuild"/>).</summary>
public enum KeptWork
{
    /// <summary>Nothing worth keeping: the folder is removed and the next run starts over.</summary>
    Nothing,

    /// <summary>A point to continue from: the folder is kept and the next run of the same key resumes it.</summary>
    Resumable,

    /// <summary>Every output: the build finished and only the swap into place was missed; the next run just swaps it in.</summary>
    Complete,
}
