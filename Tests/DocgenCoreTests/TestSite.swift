import Foundation
import SiteTemplates

@testable import DocgenCore

/// A content folder written into a fresh temporary directory, built with the default theme.
struct TestSite {
    let directory: URL
    var content: URL { directory.appendingPathComponent("Content") }
    var output: URL { directory.appendingPathComponent("Output") }

    /// `files` maps paths relative to the content folder to their text. `site.yml` gets a title
    /// unless `files` gives one.
    init(_ files: [String: String], addSettings: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var all = files
        if addSettings && all["site.yml"] == nil { all["site.yml"] = "title: Test site\n" }
        for (path, text) in all {
            try write(Data(text.utf8), to: path)
        }
    }

    func write(_ data: Data, to path: String) throws {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Builds with messages naming the folders `Content` and `Output`, as a user running in `directory` sees them.
    func build(
        strict: Bool = false, drafts: Bool = false, linkWarnings: Bool = false, writes: Bool = true, widgets: WidgetRegistry = TestWidgets.registry
    ) -> Result<BuildReport, BuildFailure> {
        var options = BuildOptions(contentDirectory: content.path, outputDirectory: output.path)
        options.contentDisplayName = "Content"
        options.outputDisplayName = "Output"
        options.isStrict = strict
        options.includesDrafts = drafts
        options.brokenLinksAreWarnings = linkWarnings
        options.writesOutput = writes
        return Result { () throws(BuildFailure) in try SiteBuilder(theme: DefaultTheme(), widgets: widgets).build(options) }
    }

    /// The error lines of a failed build, or `[]` when it succeeded.
    func errors(strict: Bool = false) -> [String] {
        switch build(strict: strict) {
        case .success: return []
        case .failure(let failure): return failure.diagnostics.map(\.description)
        }
    }

    func text(_ outputPath: String) -> String? {
        try? String(contentsOf: output.appendingPathComponent(outputPath), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Every file under `root`, relative paths, sorted.
func listFiles(_ root: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var files: [String] = []
    while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files.sorted()
}

/// Widgets that exercise the extension point without any domain: one with settings and assets, one without.
enum TestWidgets {
    static let registry = WidgetRegistry([GreetingWidget(), DividerWidget()])
}

/// Says hello to whoever `site.yml` names (`widgets: greeting: name: …`); ships a script and a stylesheet.
struct GreetingWidget: Widget {
    var greeted = "world"
    var name: String { "greeting" }
    var assets: [AssetFile] {
        [AssetFile(path: "greeting.css", text: ".greeting { font-weight: bold; }\n"), AssetFile(path: "greeting.js", text: "\"use strict\";\n")]
    }

    func configured(by section: SettingsNode) throws(Diagnostic) -> GreetingWidget {
        try section.rejectUnknownKeys(["name"], in: "the settings of widget 'greeting'")
        return GreetingWidget(greeted: try section.string("name") ?? greeted)
    }

    func render(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML {
        "<p class=\"greeting\" id=\"\(placement.id("greeting", "text"))\">Hello, \(greeted)!</p>"
    }

    func renderPaperForm(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML? {
        "<p class=\"greeting-paper\">Write “Hello, \(greeted)!” here.</p>"
    }
}

/// A widget without settings or assets.
struct DividerWidget: Widget {
    var name: String { "divider" }
    var assets: [AssetFile] { [] }

    func render(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML {
        "<hr class=\"divider\">"
    }
}
