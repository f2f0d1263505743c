import Foundation
import Testing

@testable import DocgenCore

/// `print.html` as paper: a cover with the date, a numbered contents page, numbered page headings,
/// "(see 2.1)" for links, and widgets' paper forms.
@Suite struct PrintPageTests {
    static let files = [
        "site.yml": "title: Paper\nupdated: 2026-12-03\n",
        "index.md": "---\ntitle: Home\n---\nSee [the first step](setup/one.md#check) and [the top](#intro).\n\n## Intro\n\nText.\n",
        "setup/index.md": "---\ntitle: Setup\norder: 1\n---\n```widget greeting\n```\n\n```widget divider\n```\n",
        "setup/one.md": "---\ntitle: One\norder: 1\n---\n## Check\n\nBack to [Home](../index.md).\n\n![A diagram](pic.svg)\n",
        "setup/pic.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    ]

    @Test func coverContentsAndNumbers() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(site.errors() == [])
        let print = try #require(site.text("print.html"))
        #expect(print.contains("<p class=\"print-as-of\">As of <time datetime=\"2026-12-03\">3 December 2026</time></p>"))
        // The contents page nests pages by depth, each with the number its heading shows.
        #expect(
            print.contains(
                """
                <nav class="toc print-toc" aria-label="Contents">
                <p class="toc-title">Contents</p>
                <ol class="print-contents">
                <li><a href="#page-index"><span class="print-number">1</span> Home</a></li>
                <li><a href="#page-setup-index"><span class="print-number">2</span> Setup</a>
                <ol>
                <li><a href="#page-setup-one"><span class="print-number">2.1</span> One</a></li>
                </ol>
                </li>
                </ol>
                </nav>
                """))
        #expect(print.contains("<h2 class=\"print-page-title\"><span class=\"print-number\">2.1</span> One</h2>"))
        #expect(print.contains("<h2 class=\"print-page-title\"><span class=\"print-number\">1</span> Home</h2>"))
    }

    @Test func linksNameTheSectionTheyLeadTo() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(site.errors() == [])
        let print = try #require(site.text("print.html"))
        #expect(print.contains("<a href=\"#page-setup-one--check\" data-see=\"2.1\">the first step</a>"))
        #expect(print.contains("<a href=\"#page-index\" data-see=\"1\">Home</a>"))
        // A link within the same page needs no "(see …)".
        #expect(print.contains("<a href=\"#page-index--intro\">the top</a>"))
        // The site's own pages keep plain links.
        #expect(site.text("index.html")?.contains("data-see") == false)
    }

    @Test func widgetsPrintTheirPaperFormAndItsStylesheet() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(site.errors() == [])
        let print = try #require(site.text("print.html"))
        #expect(print.contains("<link rel=\"stylesheet\" href=\"assets/widgets/greeting.css\">"))
        #expect(print.contains("<p class=\"print-widget-note\">(On screen, this is an interactive greeting tool.)</p>\n<p class=\"greeting-paper\">"))
        #expect(!print.contains("class=\"greeting\""), "the interactive markup stays on the page")
        // A widget without a paper form prints only the note.
        #expect(print.contains("<p class=\"print-widget-note\">(On screen, the interactive divider tool appears here; it needs a browser.)</p>"))
    }

    @Test func withoutADateTheCoverHasNone() throws {
        var files = Self.files
        files["site.yml"] = "title: Paper\n"
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.errors() == [])
        #expect(site.text("print.html")?.contains("print-as-of") == false)
    }

    @Test(arguments: [
        ("updated: 2026-02-29\n", "Content/site.yml:2:10: error: 'updated' must be a date written as YYYY-MM-DD, such as 2026-12-03"),
        ("updated: 3 December 2026\n", "Content/site.yml:2:10: error: 'updated' must be a date written as YYYY-MM-DD, such as 2026-12-03"),
        ("updated: [2026]\n", "Content/site.yml:2:10: error: 'updated' must be a date written as YYYY-MM-DD, such as 2026-12-03"),
    ])
    func aDateThatIsNotADayIsAnError(line: String, message: String) throws {
        var files = Self.files
        files["site.yml"] = "title: Paper\n" + line
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.errors() == [message])
    }

    @Test func calendarDates() {
        #expect(SiteSettings.isCalendarDate("2024-02-29") && SiteSettings.isCalendarDate("2026-12-31"))
        #expect(!SiteSettings.isCalendarDate("2100-02-29") && !SiteSettings.isCalendarDate("2026-13-01"))
        #expect(!SiteSettings.isCalendarDate("2026-1-01") && !SiteSettings.isCalendarDate("２０２６-01-01"))
    }
}

/// An image drawn twice — `x.svg` and `x.narrow.svg` — becomes a `<picture>` that shows the narrow
/// drawing on phones, linked to the full-size file.
@Suite struct NarrowImageTests {
    @Test func aDiagramWithANarrowVariantIsAPictureLinkedToItsFile() throws {
        let site = try TestSite([
            "index.md":
                "---\ntitle: Home\n---\n![Flow](img/flow.svg)\n\n![Plain](img/plain.svg)\n\n[![Linked](img/flow.svg)](https://example.org/)\n",
            "img/flow.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
            "img/flow.narrow.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
            "img/plain.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ])
        defer { site.remove() }
        #expect(site.errors() == [])
        let page = try #require(site.text("index.html"))
        #expect(
            page.contains(
                "<p><a class=\"diagram-link\" href=\"img/flow.svg\"><picture><source media=\"(max-width: 40em)\" srcset=\"img/flow.narrow.svg\"><img src=\"img/flow.svg\" alt=\"Flow\" /></picture></a></p>"
            ))
        #expect(page.contains("<p><img src=\"img/plain.svg\" alt=\"Plain\" /></p>"), "no narrow variant: left as it is")
        // On paper there is nothing to open: print.html keeps the picture without the link.
        let print = try #require(site.text("print.html"))
        #expect(
            print.contains(
                "<p><picture><source media=\"(max-width: 40em)\" srcset=\"img/flow.narrow.svg\"><img src=\"img/flow.svg\" alt=\"Flow\" /></picture></p>"
            ))
        #expect(!print.contains("diagram-link"))
        // Already inside a link: the picture, but no second link.
        #expect(
            page.contains(
                "<a href=\"https://example.org/\" class=\"external\" rel=\"external\"><picture><source media=\"(max-width: 40em)\" srcset=\"img/flow.narrow.svg\"><img src=\"img/flow.svg\" alt=\"Linked\" /></picture></a>"
            ))
    }
}
