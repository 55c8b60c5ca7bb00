using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Data.Download;
using SimCache.Data.IO;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache data download NAME --out DIR</c>: fetch a public rating data set from its publisher, verify
/// it, unpack it so DIR appears whole, and say how to import it; <c>--list</c> shows what is known. A data
/// set its owner no longer hosts (Netflix Prize) is not fetched from an unofficial mirror: the command says
/// where it can be obtained and how to import it.
/// </summary>
public static class DownloadCommand
{
    /// <summary>The environment variable that overrides the publishers' addresses, like <c>--base-url</c>.</summary>
    public const string BaseUrlVariable = DownloadRequest.BaseUrlVariable;

    public static Command Build(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "The data set: " + string.Join(", ", DatasetCatalogue.Names) + ".", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out") { Description = "The folder to create; it appears only once complete (it may exist if empty)." };
        var list = new Option<bool>("--list") { Description = "List the data sets with their size, licence, citation and URL." };
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = $"Fetch ARCHIVE from this folder URL (BASE/ml-100k.zip, and BASE/ml-100k.zip.md5) instead of the publisher's: a mirror or proxy. Default: ${BaseUrlVariable}, else the publisher.",
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Give up when the server sends nothing for this many seconds (connecting or mid-transfer); a partial download is kept and resumed by the next run.",
            DefaultValueFactory = _ => 60,
        };
        var cmd = new Command("download", "Download a public rating data set (MovieLens, MSD taste profile), verify and unpack it, and print the 'data prepare' command that imports it.")
        {
            name, output, list, baseUrl, timeout,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var n = parse.GetValue(name);
            if (parse.GetValue(list))
            {
                if (n is not null || parse.GetValue(output) is not null) throw new UsageException("--list takes no NAME or --out");
                List(context);
                return CliApp.Success;
            }
            if (n is null) throw new UsageException($"give a data set NAME ({string.Join(", ", DatasetCatalogue.Names)}) and --out DIR, or --list");
            var source = DatasetCatalogue.Find(n);
            if (!source.Downloadable) return NotHosted(context, source, parse.GetValue(output));
            var outDir = parse.GetValue(output) ?? throw new UsageException("--out DIR is required: the folder to put the data set in");
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0) || double.IsInfinity(seconds)) throw new UsageException($"--timeout: expected a positive number of seconds, found {seconds.ToString(CultureInfo.InvariantCulture)}");
            var request = new DownloadRequest
            {
                Name = source.Name,
                OutDir = outDir,
                BaseUrl = parse.GetValue(baseUrl) ?? NonEmpty(Environment.GetEnvironmentVariable(BaseUrlVariable)),
                Timeout = TimeSpan.FromSeconds(seconds),
            };
            DatasetDownloader.Check(request); // bad input is refused before anything is fetched or written
            DownloadResult result;
            try
            {
                result = TransferWorkReporter.Run(context, reporter => DatasetDownloader.DownloadAsync(request, reporter, context.Cancellation).GetAwaiter().GetResult());
            }
            catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
            {
                var staging = DatasetDownloader.StagingFolder(outDir);
                context.Error.WriteLine(Directory.Exists(staging)
                    ? $"interrupted: {outDir} was not created; the partial download is kept in {staging}; run the same command again to resume"
                    : $"interrupted: {outDir} was not created");
                return CliApp.Failure;
            }
            Report(context, result, outDir);
            return CliApp.Success;
        }));
        return cmd;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Report(CliContext context, DownloadResult result, string outDir)
    {
        var a = result.Archive;
        var o = context.Output;
        if (result.AlreadyPresent) o.WriteLine($"{outDir} already holds {result.Source.Name} (from {a.Url}); nothing downloaded.");
        else
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Downloaded {result.Source.Title} to {outDir} ({a.ArchiveName}, {a.Bytes:N0} bytes{(result.ResumedFrom > 0 ? $", resumed at byte {result.ResumedFrom:N0}" : "")})."));
            o.WriteLine(a.PublisherMd5 is { } md5
                ? $"md5 {md5} verified against the publisher's {a.ArchiveName}.md5; sha256 {a.Sha256}."
                : $"The publisher gives no checksum: recorded the sha256 computed on download, {a.Sha256} (not verified against the publisher).");
            o.WriteLine($"Licence, citation and checksums: {Path.Combine(outDir, SourceNotes.FileName)} and {Path.Combine(outDir, ArchiveRecord.FileName)}.");
        }
        o.WriteLine("Import it with:");
        o.WriteLine("  " + PrepareHint.Command(result.Source, outDir));
    }

    /// <summary>A data set that is not fetched: where to get it and how to import it; exit code 2, as nothing was created at --out.</summary>
    private static int NotHosted(CliContext context, Data.Download.DatasetSource source, string? outDir)
    {
        var o = context.Output;
        o.WriteLine($"{source.Title} is no longer hosted by its owner, so this tool does not download it (nor fetch it from an unofficial mirror).");
        o.WriteLine(source.Licence);
        o.WriteLine("It can be obtained from:");
        foreach (var place in source.ObtainFrom) o.WriteLine("  - " + place);
        o.WriteLine("Cite: " + source.Citation);
        o.WriteLine("Then import it (a folder of combined_data_*.txt, or of training_set/mv_*.txt) with:");
        o.WriteLine("  " + PrepareHint.Command(source, outDir ?? "netflix"));
        context.Error.WriteLine($"error: {source.Name} cannot be downloaded by this tool; nothing was written{(outDir is null ? "" : " at " + outDir)}; see above for where to obtain it");
        return CliApp.BadInput;
    }

    private static void List(CliContext context)
    {
        var o = context.Output;
        foreach (var s in DatasetCatalogue.All)
        {
            o.WriteLine($"{s.Name}: {s.Title}, {s.Size}{(s.Downloadable ? "" : " (not downloadable: obtain it yourself, see 'simcache data download " + s.Name + "')")}");
            o.WriteLine($"  contents: {s.Contents}");
            o.WriteLine($"  licence:  {s.Licence}");
            o.WriteLine($"  cite:     {s.Citation}");
            o.WriteLine($"  url:      {s.Url}");
            o.WriteLine($"  import:   data prepare --format {s.PrepareFormat}");
            o.WriteLine();
        }
    }
}
