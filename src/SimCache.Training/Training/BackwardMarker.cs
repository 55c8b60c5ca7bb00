using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// An identity in autograd whose backward tells a <see cref="TrainingProfile"/> that the gradient has reached the
/// marked tensor, i.e. that the backward of everything consuming it is done. Placed only when profiling; the gradient
/// passes through unchanged.
/// </summary>
internal sealed class BackwardMarker : autograd.SingleTensorFunction<BackwardMarker>
{
    public override string Name => nameof(BackwardMarker);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        ctx.save_data("profile", vars[1]);
        ctx.save_data("part", vars[2]);
        return ((Tensor)vars[0]).alias();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        ((TrainingProfile)ctx.get_data("profile")).BackwardReached((TrainingPart)ctx.get_data("part"));
        return [grad_output, null!, null!]; // one per argument of apply; the profile and the part have none
    }
}
