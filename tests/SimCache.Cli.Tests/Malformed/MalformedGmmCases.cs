using System.Text.Json.Nodes;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// gmm.json, the mixture gmm-placement places its keys by: not JSON, the wrong kind, shapes that disagree, numbers
/// that are not a mixture (weights, covariances), and a dimension other than the trace's. Each refusal names the
/// file and the field.
/// </summary>
public static class MalformedGmmCases
{
    public const string Family = "gmm";

    public const string Placement = "gmm-placement(capacity=50, threshold=4, window=500)";

    public static string[] Simulate(CaseFolder c, string gmm) =>
        c.Simulate(MalformedInputs.GoldenTrace, Placement, "--decoder", MalformedInputs.GoldenDecoder, "--gmm", gmm);

    private static MalformedCase Text(string name, Func<string, string> edit, string? field, string? pattern = null) =>
        new(Family, name, 2, c =>
        {
            var g = c.Write("gmm.json", edit(c.Inputs.GmmText));
            return new CaseRun(Simulate(c, g), c.Out, field is null ? [g] : [g, field], pattern);
        });

    private static MalformedCase Json(string name, Action<JsonObject> edit, string? field, string? pattern = null) =>
        Text(name, text =>
        {
            var o = JsonNode.Parse(text)!.AsObject();
            edit(o);
            return o.ToJsonString();
        }, field, pattern);

    private static JsonArray Row(JsonObject o, string field, int index) => o[field]!.AsArray()[index]!.AsArray();

    public static IReadOnlyList<MalformedCase> Cases { get; } =
    [
        new(Family, "GmmMissing", 2, c =>
        {
            var g = c.File("no-such-gmm.json");
            return new CaseRun(Simulate(c, g), c.Out, [g]);
        }),
        new(Family, "GmmIsAFolder", 2, c =>
        {
            Directory.CreateDirectory(c.File("gmm.json"));
            return new CaseRun(Simulate(c, c.File("gmm.json")), c.Out, [c.File("gmm.json")]);
        }),
        new(Family, "GmmIsTheTrace", 2, c => new CaseRun(Simulate(c, c.Copy(MalformedInputs.GoldenTrace, "gmm.json")), c.Out, [c.File("gmm.json")])),
        Text("GmmEmptyFile", _ => "", null),
        Text("GmmNotJson", _ => "components: 2\n", null),
        Text("GmmCutShort", t => t[..(t.Length / 2)], null),
        Text("GmmTrailingComma", t => t.TrimEnd().TrimEnd('}').TrimEnd() + ",\n}\n", null),
        Text("GmmRootIsAList", t => "[" + t + "]", null),
        Json("GmmWrongKind", o => o["kind"] = "simcache-geometry", "kind"),
        Json("GmmKindMissing", o => o.Remove("kind"), "kind"),
        Json("GmmUnknownCovarianceType", o => o["covariance_type"] = "banded", "covariance_type"),
        Json("GmmComponentsZero", o => o["components"] = 0, "components"),
        Json("GmmComponentsAsText", o => o["components"] = "2", "components"),
        Json("GmmComponentsDisagreeWithTheMeans", o => o["components"] = 3, null, "weights|means|components"),
        Json("GmmDimensionOtherThanTheTrace", o =>
        {
            o["dimension"] = 8;
            foreach (var f in new[] { "means", "covariances" })
                foreach (var row in o[f]!.AsArray()) while (row!.AsArray().Count > 8) row.AsArray().RemoveAt(8);
        }, "dimension", "32"),
        Json("GmmDimensionDisagreesWithTheMeans", o => o["dimension"] = 31, null, "means|dimension"),
        Json("GmmWeightsDoNotSumToOne", o => o["weights"] = new JsonArray(0.3, 0.3), "weights"),
        Json("GmmNegativeWeight", o => o["weights"] = new JsonArray(-0.5, 1.5), "weights"),
        Json("GmmWeightsOfTheWrongLength", o => o["weights"] = new JsonArray(1.0), "weights"),
        Json("GmmMeansWithOneRowMissing", o => o["means"]!.AsArray().RemoveAt(1), "means"),
        Json("GmmMeanOfTheWrongLength", o => Row(o, "means", 0).RemoveAt(0), "means[0]"),
        Json("GmmMeanNaNAsText", o => Row(o, "means", 1)[4] = "NaN", "means[1][4]"),
        Json("GmmMeanHuge", o => Row(o, "means", 1)[4] = 1e300, "means"),
        Json("GmmMeanFiniteFloatButTooLarge", o => Row(o, "means", 0)[7] = 3e38, "means[0][7]", "too large"),
        Json("GmmZeroVariance", o => Row(o, "covariances", 0)[2] = 0.0, "covariances"),
        Json("GmmNegativeVariance", o => Row(o, "covariances", 0)[2] = -1.0, "covariances"),
        Json("GmmFullCovarianceNotPositiveDefinite", o =>
        {
            o["covariance_type"] = "full";
            var d = 32;
            o["covariances"] = new JsonArray(Enumerable.Range(0, 2).Select(_ => (JsonNode)new JsonArray(Enumerable.Range(0, d)
                .Select(i => (JsonNode)new JsonArray(Enumerable.Range(0, d).Select(j => (JsonNode)JsonValue.Create(i == j ? 1.0 : 2.0)).ToArray())).ToArray())).ToArray());
        }, "covariances"),
        Json("GmmBicMissing", o => o.Remove("bic"), "bic"),
        Json("GmmProvenanceMissing", o => o.Remove("provenance"), "provenance"),
        new(Family, "GmmDimensionOtherThanTheTraceInASweep", 2, c =>
        {
            var o = JsonNode.Parse(c.Inputs.GmmText)!.AsObject();
            o["dimension"] = 8;
            foreach (var f in new[] { "means", "covariances" })
                foreach (var row in o[f]!.AsArray()) while (row!.AsArray().Count > 8) row.AsArray().RemoveAt(8);
            var g = c.Write("gmm.json", o.ToJsonString());
            var e = MalformedExperimentCases.SweepFile(c, MalformedExperimentCases.WithCache(MalformedExperimentCases.BaseSweepText,
                "{ \"policy\": \"gmm-placement\", \"capacity\": 50, \"threshold\": 4 }"));
            return new CaseRun(MalformedExperimentCases.SweepArgs(c, e, "--decoder", MalformedInputs.GoldenDecoder, "--gmm", g), c.Out, [g], "dimension");
        }),
        new(Family, "GmmMissingInASweep", 2, c =>
        {
            var g = c.File("no-such-gmm.json");
            var e = MalformedExperimentCases.SweepFile(c, MalformedExperimentCases.WithCache(MalformedExperimentCases.BaseSweepText,
                "{ \"policy\": \"gmm-placement\", \"capacity\": 50, \"threshold\": 4 }"));
            return new CaseRun(MalformedExperimentCases.SweepArgs(c, e, "--decoder", MalformedInputs.GoldenDecoder, "--gmm", g), c.Out, [g]);
        }),
    ];
}
