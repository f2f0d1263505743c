import Foundation
import SiteTemplates
import Testing

@testable import DocgenCore

/// Every row of the README's table of bad inputs: the exact message, and `Output/` left as it was.
@Suite struct BadInputTests {
    static let page = "---\ntitle: Home\n---\nHello.\n"

    /// Builds `site` over an `Output/` holding one marker file and checks the failure.
    func expectFailure(_ site: TestSite, _ expected: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        defer { site.remove() }
        try FileManager.default.createDirectory(at: site.output, withIntermediateDirectories: true)
        // A previous build's output: its manifest says docgen wrote it, so only the error keeps it.
        try Data("previous build".utf8).write(to: site.output.appendingPathComponent("index.html"))
        try Data("# docgen manifest\nindex.html\n".utf8).write(to: site.output.appendingPathComponent(".docgen-manifest"))
        let errors = site.errors()
        #expect(errors == expected, sourceLocation: sourceLocation)
        #expect(listFiles(site.output) == [".docgen-manifest", "index.html"], "Output/ changed", sourceLocation: sourceLocation)
        #expect(site.text("index.html") == "previous build", sourceLocation: sourceLocation)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "staging folder left behind: \(leftovers)", sourceLocation: sourceLocation)
    }

    @Test func missingContentFolder() throws {
        let site = try TestSite([:], addSettings: false)
        try? FileManager.default.removeItem(at: site.content)
        try expectFailure(site, ["Content: error: content folder not found"])
    }

    @Test func emptyContentFolder() throws {
        let site = try TestSite([:], addSettings: false)
        try FileManager.default.createDirectory(at: site.content, withIntermediateDirectories: true)
        try expectFailure(site, ["Content: error: no Markdown pages (.md files) in the content folder"])
    }

    @Test func unreadableFile() throws {
        let site = try TestSite(["index.md": Self.page])
        try FileManager.default.createSymbolicLink(atPath: site.content.appendingPathComponent("gone.md").path, withDestinationPath: "missing.md")
        try expectFailure(site, ["Content/gone.md: error: broken symbolic link: its target does not exist"])
    }

    @Test func fileNotUTF8() throws {
        let site = try TestSite(["index.md": Self.page])
        try site.write(Data("---\ntitle: Latin-1\n---\ncaf".utf8) + Data([0xE9]) + Data(" au lait\n".utf8), to: "latin.md")
        try expectFailure(site, ["Content/latin.md:4:4: error: file is not valid UTF-8; save it as UTF-8"])
    }

    @Test func frontMatterNotClosed() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\nHello.\n"])
        try expectFailure(site, ["Content/index.md:1:1: error: front matter is not closed: add a line '---' after it"])
    }

    @Test func invalidYAML() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\ndescription: [unclosed\n---\n"])
        let errors = { () -> [String] in
            defer { site.remove() }; return site.errors()
        }()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("Content/index.md:4:1: error: invalid YAML: ") == true, "\(errors)")
    }

    @Test func invalidYAMLPointsAtTheLine() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\norder: 1\n  bad: indent\n---\n"])
        let errors = { () -> [String] in
            defer { site.remove() }; return site.errors()
        }()
        #expect(errors.first?.hasPrefix("Content/index.md:4:6: error: invalid YAML: mapping values are not allowed") == true, "\(errors)")
    }

    @Test func orderOfWrongType() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\norder: abc\n---\n"])
        try expectFailure(site, ["Content/index.md:3:8: error: 'order' must be an integer, not a string"])
    }

    @Test func draftOfWrongType() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\ndraft: maybe\n---\n"])
        try expectFailure(site, ["Content/index.md:3:8: error: 'draft' must be true or false, not a string"])
    }

    @Test func unknownLayout() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\nlayout: fancy\n---\n"])
        try expectFailure(site, ["Content/index.md:3:9: error: unknown layout 'fancy'; the theme has 'home', 'page', 'wide'"])
    }

    @Test func twoSourcesForOneOutputFile() throws {
        let site = try TestSite(["index.md": Self.page, "guide.md": "---\ntitle: Guide\n---\n", "guide.html": "<p>old</p>\n"])
        try expectFailure(
            site,
            ["Content/guide.html: error: 'guide.md' and 'guide.html' would both be written to Output/guide.html; rename one of them"])
    }

    @Test func pageNamedLikeAGeneratedFile() throws {
        let site = try TestSite(["index.md": Self.page, "print.md": "---\ntitle: Print\n---\n"])
        try expectFailure(
            site,
            [
                "Content/print.md: error: 'docgen's generated print.html' and 'print.md' would both be written to Output/print.html; rename one of them"
            ])
    }

    @Test func contentFileNamedLikeAThemeAsset() throws {
        let site = try TestSite(["index.md": Self.page, "assets/style.css": "body {}\n"])
        try expectFailure(
            site,
            [
                "Content/assets/style.css: error: 'the theme's assets/style.css' and 'assets/style.css' would both be written to Output/assets/style.css; rename one of them"
            ])
    }

    @Test func symbolicLinkLoop() throws {
        let site = try TestSite(["index.md": Self.page, "docs/page.md": "---\ntitle: Page\n---\n"])
        try FileManager.default.createSymbolicLink(atPath: site.content.appendingPathComponent("docs/again").path, withDestinationPath: "..")
        try expectFailure(site, ["Content/docs/again: error: symbolic link loop: this folder leads back to 'Content'"])
    }

    @Test func settingsWithoutTitle() throws {
        let site = try TestSite(["index.md": Self.page, "site.yml": "description: x\n"])
        try expectFailure(site, ["Content/site.yml:1:1: error: 'title' is required in site.yml"])
    }

    @Test func settingsForAnUnknownWidget() throws {
        let site = try TestSite(["index.md": Self.page, "site.yml": "title: T\nwidgets:\n  calculator:\n    digits: 3\n"])
        try expectFailure(site, ["Content/site.yml:4:5: error: settings for unknown widget 'calculator'; known widgets: 'divider', 'greeting'"])
    }

    @Test func unknownKeyInAWidgetsSettings() throws {
        let site = try TestSite(["index.md": Self.page, "site.yml": "title: T\nwidgets:\n  greeting:\n    nmae: Ann\n"])
        try expectFailure(site, ["Content/site.yml:4:5: error: unknown key 'nmae' in the settings of widget 'greeting'; known keys: 'name'"])
    }

    @Test func settingsForAWidgetThatTakesNone() throws {
        let site = try TestSite(["index.md": Self.page, "site.yml": "title: T\nwidgets:\n  divider:\n    width: 3\n"])
        try expectFailure(site, ["Content/site.yml:4:5: error: unknown key 'width' in the settings of widget 'divider'; it takes no settings"])
    }

    @Test func markdownSettingNotABoolean() throws {
        let site = try TestSite(["index.md": Self.page, "site.yml": "title: T\nmarkdown: { tables: maybe }\n"])
        try expectFailure(site, ["Content/site.yml:2:21: error: 'markdown.tables' must be true or false, not a string"])
    }

    @Test func brokenLink() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\nSee [the guide](guide.md).\n"])
        try expectFailure(site, ["Content/index.md:4:5: error: link to 'guide.md': no page 'guide.md' in the content folder"])
    }

    @Test func missingAnchor() throws {
        let site = try TestSite([
            "index.md": "---\ntitle: Home\n---\n\nIntro.\n\n- See [setup](y.md#z).\n",
            "y.md": "---\ntitle: Y\n---\n## Setup\n",
        ])
        try expectFailure(site, ["Content/index.md:7:7: error: link to 'y.md#z': no heading 'z' in y.md"])
    }

    @Test func missingAnchorOnSamePage() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n## Part one\n\n[back](#part-two)\n"])
        try expectFailure(site, ["Content/index.md:6:1: error: link to '#part-two': no heading 'part-two' on this page"])
    }

    @Test func rootAbsoluteLink() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n[home](/index.html)\n"])
        try expectFailure(
            site,
            [
                "Content/index.md:4:1: error: link to '/index.html' starts with '/', which breaks when the site is opened from disk or served under a sub-path; use a relative path"
            ])
    }

    @Test func imageFromTheNetwork() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n![logo](https://example.com/logo.png)\n"])
        try expectFailure(
            site,
            [
                "Content/index.md:4:1: error: image 'https://example.com/logo.png' would load from the network; copy the file into the content folder and link to it relatively"
            ])
    }

    @Test func linkToDraft() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n[soon](soon.md)\n", "soon.md": "---\ntitle: Soon\ndraft: true\n---\n"])
        try expectFailure(
            site, ["Content/index.md:4:1: error: link to 'soon.md': that page is a draft and is not built (build with --drafts to include it)"])
    }

    @Test func unknownWidget() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n\n```widget calculator\n```\n"])
        try expectFailure(site, ["Content/index.md:5:1: error: unknown widget 'calculator'; known widgets: 'divider', 'greeting'"])
    }

    @Test func rawHTMLLoadingFromTheNetwork() throws {
        let site = try TestSite([
            "site.yml": "title: T\nraw-html: true\n",
            "index.md": "---\ntitle: Home\n---\n<script src=\"https://cdn.example.com/x.js\"></script>\n",
        ])
        try expectFailure(site, ["Content/index.md: error: <script src> loads 'https://cdn.example.com/x.js' from the network"])
    }

    @Test func outputInsideContent() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        var options = BuildOptions(contentDirectory: site.content.path, outputDirectory: site.content.appendingPathComponent("Output").path)
        options.writesOutput = true
        let failure = #expect(throws: BuildFailure.self) { try SiteBuilder(theme: DefaultThemeForTests.theme).build(options) }
        #expect(
            failure?.diagnostics.first?.message
                == "the output folder and the content folder must not contain each other; the output folder is replaced on every build")
    }

    @Test func imageWithoutAltTextIsAWarningAndFailsStrictBuilds() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n![](pic.svg)\n", "pic.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"])
        defer { site.remove() }
        guard case .success(let report) = site.build() else { Issue.record("build failed"); return }
        #expect(
            report.warnings.map(\.description) == [
                "Content/index.md:4:1: warning: image 'pic.svg' has no alt text; describe it inside the brackets: ![description](pic.svg)"
            ])
        #expect(
            site.errors(strict: true) == [
                "Content/index.md:4:1: warning: image 'pic.svg' has no alt text; describe it inside the brackets: ![description](pic.svg)"
            ])
    }

    @Test func brokenLinksAsWarnings() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n[x](nowhere.md)\n"])
        defer { site.remove() }
        guard case .success(let report) = site.build(linkWarnings: true) else { Issue.record("build failed"); return }
        #expect(
            report.warnings.map(\.description) == ["Content/index.md:4:1: warning: link to 'nowhere.md': no page 'nowhere.md' in the content folder"])
    }
}

enum DefaultThemeForTests {
    static let theme = DefaultTheme()
}
