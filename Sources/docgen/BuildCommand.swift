import ArgumentParser
import DocgenCore
import FederationWidgets
import Foundation
import SiteTemplates

/// Options shared by `build` and `check`.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder holding the Markdown pages and site.yml.", valueName: "dir"))
    var content = "Content"

    @Flag(name: .long, help: "Treat warnings (such as images without alt text) as errors.")
    var strict = false

    @Flag(name: .long, help: "Build pages whose front matter says 'draft: true'.")
    var drafts = false

    @Flag(name: .long, help: "Report broken links and anchors as warnings instead of failing the build.")
    var warnBrokenLinks = false

    @Flag(name: .long, help: "Print only problems, not the summary.")
    var quiet = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Re-read every generated page with the output checker (by default it reads every page only when raw HTML is on, else one page per layout; the Markdown's links are checked either way)."
        ))
    var paranoid = false

    @Flag(
        name: .long,
        help: "After the summary, print how long each stage took, and why a build rendered more than the changed pages.")
    var timings = false

    func buildOptions(output: String, writes: Bool) -> BuildOptions {
        var options = BuildOptions(contentDirectory: content, outputDirectory: output)
        options.includesDrafts = drafts
        options.isStrict = strict
        options.brokenLinksAreWarnings = warnBrokenLinks
        options.writesOutput = writes
        options.checksEveryPage = paranoid
        return options
    }
}

/// Runs the pipeline and reports the way compilers do: one line per problem on stderr.
enum BuildRunner {
    static func run(_ options: BuildOptions, quiet: Bool, verb: String, timings: Bool = false) throws {
        let start = DispatchTime.now()
        let builder = SiteBuilder(theme: DefaultTheme(), widgets: WidgetRegistry(FederationWidgets.all))
        do {
            let report = try builder.build(options)
            Terminal.report(report.warnings)
            defer {
                if timings {
                    print("Stages: " + report.stageSeconds.map { "\($0.stage) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: " · "))
                    if let why = report.whyEveryPage {
                        let read = report.pagesRead.map { "; \($0) of \(report.pageCount) pages read, the others' records kept" } ?? ""
                        print("Not only changed pages: \(why)\(read)")
                    }
                }
            }
            guard !quiet else { return }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            let drafts = report.draftsSkipped > 0 ? ", \(report.draftsSkipped) drafts skipped" : ""
            let destination = options.writesOutput ? " into \(options.outputDirectory)/" : ""
            if report.isUpToDate {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                print(
                    "Up to date: \(count(report.pageCount, "page")), \(count(report.assetCount, "asset"))\(destination) unchanged since the last build (--clean rebuilds anyway) in \(String(format: "%.2f", seconds)) s"
                )
                return
            }
            let search =
                report.searchIndexFiles > 0
                ? ", search index \(kilobytes(report.searchIndexBytes)) in \(count(report.searchIndexFiles, "file"))" : ""
            let rendered = report.pagesRendered.map { " (\($0) \(options.writesOutput ? "rendered" : "checked"), the rest as they were)" } ?? ""
            print(
                "\(verb) \(count(report.pageCount, "page"))\(rendered), \(count(report.assetCount, "asset"))\(destination)\(search), \(count(report.warnings.filter { $0.severity == .warning }.count, "warning"))\(drafts) in \(String(format: "%.2f", seconds)) s"
            )
        } catch {
            Terminal.report(error.diagnostics)
            let errors = error.diagnostics.filter { $0.severity == .error }.count
            if !quiet {
                let reason = errors == 0 ? "warnings are errors with --strict" : count(errors, "error")
                Terminal.printError(
                    "docgen: \(options.writesOutput ? "build" : "check") failed (\(reason)); \(options.writesOutput ? "\(options.outputDirectory)/ was left as it was" : "nothing was written")"
                )
            }
            throw ExitCode.failure
        }
    }

    /// `120 KB`, or `3.4 MB` from 1,000 KB on (1 KB = 1,024 bytes).
    static func kilobytes(_ bytes: Int) -> String {
        let kilobytes = (bytes + 1023) / 1024
        return kilobytes < 1000 ? "\(kilobytes) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Builds the site from the content folder into the output folder (the default command).",
        discussion: "The output folder is replaced only when the build succeeds; on any error it is left untouched.")

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("The folder to write the site to.", valueName: "dir"))
    var output = "Output"

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Replace the output folder even if it holds files docgen did not write (without it, docgen replaces only an absent or empty folder, or one whose .docgen-manifest lists every file in it)."
        ))
    var force = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Render and write every file anew: ignore the build caches (which skip a build when nothing changed and render only what changed) and link nothing from the previous output."
        ))
    var clean = false

    func run() throws {
        var options = site.buildOptions(output: output, writes: true)
        options.replacesAnyOutput = force
        options.isClean = clean
        try BuildRunner.run(options, quiet: site.quiet, verb: "Built", timings: site.timings)
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Runs every check of a build (links, anchors, images, front matter) without writing anything.")

    @OptionGroup var site: SiteOptions

    func run() throws {
        try BuildRunner.run(site.buildOptions(output: "Output", writes: false), quiet: site.quiet, verb: "Checked", timings: site.timings)
    }
}
