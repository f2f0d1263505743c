import Foundation
import Testing

@testable import DocgenCore

/// Markdown trees written for GitHub, mdBook or MkDocs build as they are: no front matter, no
/// site.yml, README.md folders, links as their authors wrote them, every problem in one run.
@Suite struct ImportTests {
    func build(_ site: TestSite, linkWarnings: Bool = false) -> (errors: [String], warnings: [String]) {
        switch site.build(linkWarnings: linkWarnings) {
        case .success(let report): return ([], report.warnings.map(\.description))
        case .failure(let failure): return (failure.diagnostics.filter { $0.severity == .error }.map(\.description), [])
        }
    }

    /// The text of `<h1>` and of the whole `<article>` of a generated page.
    func page(_ site: TestSite, _ path: String) throws -> (title: String, article: String) {
        let html = try #require(site.text(path))
        let title = html.components(separatedBy: "<h1>").dropFirst().first?.components(separatedBy: "</h1>").first ?? ""
        let article = html.components(separatedBy: "<article").dropFirst().first?.components(separatedBy: "</article>").first ?? ""
        return (title, article)
    }

    // MARK: Titles

    @Test func titleFromTheFirstLevelOneHeadingNotRepeated() throws {
        let site = try TestSite(["index.md": "# Getting started\n\nIntro.\n\n## Install\n"])
        defer { site.remove() }
        let result = build(site)
        #expect(result.errors.isEmpty && result.warnings.isEmpty, "\(result)")
        let home = try page(site, "index.html")
        #expect(home.title == "Getting started")
        #expect(home.article.components(separatedBy: "Getting started").count == 2, "the heading is the title, not also in the body")
        #expect(home.article.contains("<h2 id=\"install\">"))
    }

    @Test func titleFromTheFileNameWhenThereIsNoHeading() throws {
        let site = try TestSite(["index.md": "# Home\n", "getting-started.md": "Just text.\n", "api_reference.md": "---\ndescription: x\n---\n"])
        defer { site.remove() }
        #expect(build(site).errors.isEmpty)
        #expect(try page(site, "getting-started.html").title == "Getting started")
        #expect(try page(site, "api_reference.html").title == "Api reference")
    }

    @Test func frontMatterTitleWinsAndALevelOneHeadingIsThenWarnedAbout() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n# Welcome\n"])
        defer { site.remove() }
        #expect(
            build(site).warnings == [
                "Content/index.md:4:1: warning: level-1 heading 'Welcome': the page title from the front matter is already the page's <h1>; start sections with '##'"
            ])
    }

    @Test func noSettingsFileMeansDefaultsAndANote() throws {
        let site = try TestSite(["index.md": "# Start\n"], addSettings: false)
        defer { site.remove() }
        let result = build(site)
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings == [
                "Content/site.yml: note: no site settings file; using defaults (title 'Content'); create it to set the title and more"
            ])
        #expect(site.text("index.html")?.contains("<title>Start – Content</title>") == true || site.text("index.html")?.contains("Content") == true)
    }

    // MARK: Folder pages

    @Test func readmeIsTheFolderPageAndLinksToItResolve() throws {
        let site = try TestSite([
            "README.md": "# Project\n\nSee [the guide](guide/README.md), [the guide again](guide/) and [setup](guide/setup.md#first_step).\n",
            "guide/README.md": "# The guide\n",
            "guide/setup.md": "# Setup\n\n## First_step\n\nBack to [the guide](./README.md) or [home](../README.md).\n",
        ])
        defer { site.remove() }
        let result = build(site)
        #expect(result.errors.isEmpty && result.warnings.isEmpty, "\(result)")
        #expect(listFiles(site.output).contains("index.html") && listFiles(site.output).contains("guide/index.html"))
        let home = try #require(site.text("index.html"))
        #expect(home.contains("href=\"guide/index.html\">the guide</a>"))
        #expect(home.contains("href=\"guide/index.html\">the guide again</a>"))
        #expect(home.contains("href=\"guide/setup.html#first_step\""), "GitHub keeps '_' in ids")
        #expect(try page(site, "guide/index.html").title == "The guide")
        #expect(site.text("guide/setup.html")?.contains("<nav class=\"breadcrumbs\"") == true)
    }

    @Test func indexWinsOverReadme() throws {
        let site = try TestSite(["index.md": "# Index\n", "README.md": "# Readme\n"])
        defer { site.remove() }
        #expect(build(site).errors.isEmpty)
        #expect(try page(site, "index.html").title == "Index")
        #expect(try page(site, "README.html").title == "Readme")
    }

    @Test func aSiteWithoutAHomePageGetsOneListingTheSections() throws {
        let site = try TestSite(["guide/intro.md": "# Intro\n", "guide/index.md": "# The guide\n", "faq.md": "# FAQ\n"])
        defer { site.remove() }
        let result = build(site)
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings == [
                "Content: warning: no home page (index.md or README.md at the top of the content folder); docgen wrote one that lists the sections"
            ])
        let home = try #require(site.text("index.html"))
        #expect(home.contains("<a href=\"faq.html\">FAQ</a>"))
        #expect(home.contains("<a href=\"guide/index.html\">The guide</a>"))
    }

    @Test func aContentPageNamed404IsTheNotFoundPage() throws {
        let site = try TestSite(["index.md": "# Home\n", "404.md": "# Lost?\n\nTry the [home page](index.md).\n"])
        defer { site.remove() }
        #expect(build(site).errors.isEmpty)
        #expect(try page(site, "404.html").title == "Lost?")
        #expect(site.text("index.html")?.contains("404.html") == false, "not in the sidebar or reading order")
    }

    // MARK: Links

    @Test func linksWithAnUnknownSchemeAreWarningsKeptAsWritten() throws {
        let site = try TestSite(["index.md": "# Home\n\n[doc](doc:MyType) and <made-up-scheme:x> and [web](<https://ex.com/a b>)\n"])
        defer { site.remove() }
        let result = build(site)
        #expect(
            result.warnings == [
                "Content/index.md:3:1: warning: link to 'doc:MyType': docgen does not know the scheme 'doc:', so it cannot check it; kept as written",
                "Content/index.md:3:23: warning: link to 'made-up-scheme:x': docgen does not know the scheme 'made-up-scheme:', so it cannot check it; kept as written",
            ])
        let home = try #require(site.text("index.html"))
        #expect(home.contains("<a href=\"doc:MyType\" class=\"external\""))
        #expect(home.contains("<a href=\"https://ex.com/a%20b\" class=\"external\""), "percent-encoded as libcmark writes it")
        #expect(!home.contains("href=\"#\""))
    }

    @Test func pageLinksWithATrailingSlashOrDotSlashResolve() throws {
        let site = try TestSite(["index.md": "# Home\n\n[a](./page.md) [b](page.md/#part)\n", "page.md": "# Page\n\n## Part\n"])
        defer { site.remove() }
        #expect(build(site).errors.isEmpty)
        let home = try #require(site.text("index.html"))
        #expect(home.contains("<a href=\"page.html\">a</a>"))
        #expect(home.contains("<a href=\"page.html#part\">b</a>"))
    }

    @Test func rawHTMLLeftOutIsReportedOncePerPage() throws {
        let site = try TestSite(["index.md": "# Home\n\nText <b>bold</b> and <i>more</i>.\n\n<div>block</div>\n"])
        defer { site.remove() }
        #expect(
            build(site).warnings == [
                "Content/index.md:3:6: warning: raw HTML is left out of this page (first here); set 'raw-html: true' in site.yml to keep it"
            ])
    }

    // MARK: Every problem in one run

    @Test func oneRunReportsEveryStagesProblems() throws {
        let site = try TestSite([
            "site.yml": "title: T\nlanguage: 'en GB'\n",
            "index.md": "# Home\n\n[gone](gone.md) [bad](bad.md)\n",
            "bad.md": "---\norder: first\n---\n",
            "other.md": "---\nlayout: fancy\n---\n[x](#nowhere)\n",
        ])
        defer { site.remove() }
        #expect(
            build(site).errors == [
                "Content/bad.md:2:8: error: 'order' must be an integer, not a string",
                "Content/index.md:3:1: error: link to 'gone.md': no page 'gone.md' in the content folder",
                "Content/other.md:2:9: error: unknown layout 'fancy'; the theme has 'home', 'page', 'wide'",
                "Content/site.yml:2:11: error: 'language' must be a language tag such as 'en' or 'en-GB'",
            ])
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func outputsThatDifferOnlyInCaseOrAccentsClash() throws {
        // Swift compares strings by canonical equivalence, so the two spellings of "Café" are written apart.
        let site = try TestSite(["index.md": "# Home\n", "Guide.md": "# A\n", "guide.md": "# B\n", "Caf\u{E9}.md": "# C\n"])
        defer { site.remove() }
        try site.write(Data("# D\n".utf8), to: "Cafe\u{301}.md")
        #expect(FileManager.default.fileExists(atPath: site.content.appendingPathComponent("Caf\u{E9}.md").path))
        let errors = build(site).errors
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.contains("which are the same file where case or accents are not told apart") })
        #expect(errors.contains { $0.contains("guide.md") && $0.contains("Guide.md") })
    }
}

@Suite struct CustomHeadingIDTests {
    @Test func anIdWrittenAfterTheHeadingIsUsedAndNotShown() throws {
        let site = try TestSite(["index.md": "# Home\n\n## Setting up {#setup}\n\n## Again {#setup}\n\nSee [it](#setup).\n"])
        defer { site.remove() }
        guard case .success = site.build() else {
            Issue.record("build failed: \(site.errors())")
            return
        }
        let html = try #require(site.text("index.html"))
        #expect(html.contains("<h2 id=\"setup\">\nSetting up\n<a"))
        #expect(html.contains("<h2 id=\"setup-1\">\nAgain\n<a"))
        #expect(!html.contains("{#"))
    }
}

@Suite struct BrokenAnchorTests {
    @Test func withWarnBrokenLinksALinkToAMissingHeadingStillLeadsToThePage() throws {
        let site = try TestSite(["index.md": "# Home\n\n[setup](guide.md#gone)\n", "guide.md": "# Guide\n\n## Setup\n"])
        defer { site.remove() }
        guard case .success(let report) = site.build(linkWarnings: true) else {
            Issue.record("build failed: \(site.errors())")
            return
        }
        #expect(report.warnings.map(\.description) == ["Content/index.md:3:1: warning: link to 'guide.md#gone': no heading 'gone' in guide.md"])
        #expect(site.text("index.html")?.contains("<a href=\"guide.html\">setup</a>") == true)
    }

    @Test func aLinkToTheHeadingThatBecameTheTitleLeadsToThePage() throws {
        let site = try TestSite([
            "index.md": "# Home\n\n[guide](guide.md#the-guide)\n",
            "guide.md": "# The guide\n\n## The guide\n\n[top](#the-guide) [part](#the-guide-1)\n",
        ])
        defer { site.remove() }
        guard case .success = site.build() else {
            Issue.record("build failed: \(site.errors())")
            return
        }
        #expect(site.text("index.html")?.contains("<a href=\"guide.html\">guide</a>") == true)
        let guide = try #require(site.text("guide.html"))
        #expect(guide.contains("<h2 id=\"the-guide-1\">"), "ids match the first pass, where the title took 'the-guide'")
        #expect(guide.contains("<a href=\"#the-guide-1\">part</a>"))
    }
}
