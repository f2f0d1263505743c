import Testing

@testable import DocgenCore

/// Raw HTML that loads from the network (or the server root) in a browser opening the page from disk,
/// written the ways the HTML tokenizer allows. Each must be caught.
@Suite struct OutputCheckerVectorTests {
    func messages(_ html: String) -> [String] {
        OutputScanner.scan(Array(html.utf8)).map(\.message)
    }

    @Test(arguments: [
        // Attribute syntax: spaces around `=`, case, quoting, references in the value.
        ("<img src = \"https://x.org/a.png\" alt=\"\">", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<img\nSRC\t=\n'https://x.org/a.png'>", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<img src=https://x.org/a.png>", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<img src=\"&#x68;ttps://x.org/a.png\">", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<img src=\"&#104;ttps&colon;//x.org/a.png\">", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<img src=\"ht&Tab;tps://x.org/a.png\">", "<img src> loads 'ht\ttps://x.org/a.png' from the network"),
        ("<img src=\"\\\\x.org/a.png\">", "<img src> loads '\\\\x.org/a.png' from the network"),
        ("<img src=\"/\\x.org/a.png\">", "<img src> loads '/\\x.org/a.png' from the network"),
        ("<img src=\" //x.org/a.png\">", "<img src> loads '//x.org/a.png' from the network"),
        ("<img alt=\"a\"src=\"https://x.org/a.png\">", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<img/src=\"https://x.org/a.png\">", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<img srcset=\"a.png 1x,https://x.org/b.png 2x\">", "<img srcset> loads 'https://x.org/b.png' from the network"),
        ("<img src=\"ftp://x.org/a.png\">", "<img src> loads 'ftp://x.org/a.png' from the network"),
        ("<video poster=\"wss://x.org/a.png\"></video>", "<video poster> loads 'wss://x.org/a.png' from the network"),
        ("<a href=\"a.html\" ping=\"https://x.org/track\">a</a>", "<a ping> loads 'https://x.org/track' from the network"),
        ("<object data=\"https://x.org/a.swf\"></object>", "<object data> loads 'https://x.org/a.swf' from the network"),
        (
            "<link rel=\"preload\" as=\"image\" imagesrcset=\"https://x.org/a.png 1x\">",
            "<link imagesrcset> loads 'https://x.org/a.png' from the network"
        ),
        ("<link rel=\"Alternate StyleSheet\" href=\"https://x.org/a.css\">", "<link href> loads 'https://x.org/a.css' from the network"),
        ("<link rel=dns-prefetch href=\"//x.org\">", "<link href> loads '//x.org' from the network"),
        // Comments end where the HTML spec ends them.
        ("<!--><img src=\"https://x.org/a.png\"><!-- -->", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<!---><img src=\"https://x.org/a.png\"><!-- -->", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<!-- a --!><img src=\"https://x.org/a.png\"><!-- -->", "<img src> loads 'https://x.org/a.png' from the network"),
        ("<svg><![CDATA[ > <image href=\"https://x.org/a.png\"/> ]]></svg>", "<image href> loads 'https://x.org/a.png' from the network"),
        // SVG references.
        ("<svg><image href=\"https://x.org/a.png\"/></svg>", "<image href> loads 'https://x.org/a.png' from the network"),
        ("<svg><image xlink:href=\"https://x.org/a.png\"/></svg>", "<image xlink:href> loads 'https://x.org/a.png' from the network"),
        ("<svg><use XLINK:HREF=\"//x.org/s.svg#i\"/></svg>", "<use xlink:href> loads '//x.org/s.svg#i' from the network"),
        ("<svg><filter><feImage href=\"https://x.org/a.png\"/></filter></svg>", "<feimage href> loads 'https://x.org/a.png' from the network"),
        (
            "<svg><image><set attributeName=\"href\" to=\"https://x.org/a.png\"/></image></svg>",
            "<set to> loads 'https://x.org/a.png' from the network"
        ),
        ("<svg><rect fill=\"url(https://x.org/p.svg#p)\"/></svg>", "CSS url() loads 'https://x.org/p.svg#p' from the network"),
        // Raw text that is only raw in HTML content.
        (
            "<svg><foreignObject><div></svg></div></foreignObject><title><img src=\"https://x.org/a.png\"></title>",
            "<img src> loads 'https://x.org/a.png' from the network"
        ),
        ("<svg><style>@import 'https://x.org/a.css';</style></svg>", "CSS @import loads 'https://x.org/a.css' from the network"),
        // <base>, <meta refresh>, srcdoc.
        ("<base href=\"https://x.org/\">", "<base href='https://x.org/'> changes where every relative URL on the page leads; remove it"),
        (
            "<meta http-equiv=\"refresh\" content=\"0; url=https://x.org/\">",
            "<meta http-equiv=refresh content> loads 'https://x.org/' from the network"
        ),
        ("<meta HTTP-EQUIV=Refresh content=\"5,URL='//x.org/'\">", "<meta http-equiv=refresh content> loads '//x.org/' from the network"),
        (
            "<iframe srcdoc=\"&lt;img src=&quot;https://x.org/a.png&quot;&gt;\"></iframe>",
            "in <iframe srcdoc>: <img src> loads 'https://x.org/a.png' from the network"
        ),
        (
            "<iframe srcdoc='<iframe srcdoc=\"&lt;img src=https://x.org/a.png&gt;\"></iframe>'></iframe>",
            "in <iframe srcdoc>: in <iframe srcdoc>: <img src> loads 'https://x.org/a.png' from the network"
        ),
        // Documents and stylesheets in data: URLs load what they name.
        (
            "<iframe src=\"data:text/html,%3Cimg%20src=https://x.org/a.png%3E\"></iframe>",
            "in a data: URL in <iframe src>: <img src> loads 'https://x.org/a.png' from the network"
        ),
        (
            "<object data=\"data:image/svg+xml;base64,PHN2Zz48aW1hZ2UgaHJlZj0iaHR0cHM6Ly94Lm9yZy9hLnBuZyIvPjwvc3ZnPg==\"></object>",
            "in a data: URL in <object data>: <image href> loads 'https://x.org/a.png' from the network"
        ),
        (
            "<link rel=stylesheet href=\"data:text/css,@import 'https://x.org/a.css';\">",
            "in a data: URL in <link href>: CSS @import loads 'https://x.org/a.css' from the network"
        ),
        (
            "<style>@import url(\"data:text/css,a{background:url(https://x.org/a.png)}\");</style>",
            "in a data: stylesheet: CSS url() loads 'https://x.org/a.png' from the network"
        ),
        // CSS.
        ("<div style=\"background: URL(https://x.org/a.png)\"></div>", "CSS url() loads 'https://x.org/a.png' from the network"),
        ("<div style=\"background: u\\72l(https://x.org/a.png)\"></div>", "CSS url() loads 'https://x.org/a.png' from the network"),
        ("<div style=\"background: \\75\\52\\4C( 'https://x.org/a.png' )\"></div>", "CSS url() loads 'https://x.org/a.png' from the network"),
        ("<div style=\"background:url&lpar;https://x.org/a.png&rpar;\"></div>", "CSS url() loads 'https://x.org/a.png' from the network"),
        ("<style>@import \"HTTP://x.org/a.css\";</style>", "CSS @import loads 'HTTP://x.org/a.css' from the network"),
        ("<style>@import url(https://x.org/a.css);</style>", "CSS @import loads 'https://x.org/a.css' from the network"),
        ("<style>@IMPORT 'https://x.org/a.css' screen;</style>", "CSS @import loads 'https://x.org/a.css' from the network"),
        ("<style>a{background:image-set(\"https://x.org/a.png\" 1x)}</style>", "CSS image-set() loads 'https://x.org/a.png' from the network"),
        (
            "<style>a{background:-webkit-image-set('//x.org/a.png' 1x)}</style>",
            "CSS -webkit-image-set() loads '//x.org/a.png' from the network"
        ),
        // Inside an unquoted url() a comment is part of the URL, which is then root-absolute.
        ("<style>a{background:url(/*x*/https://x.org/a.png)}</style>", "CSS url() '/*x*/https://x.org/a.png' is root-absolute and breaks from disk"),
        ("<style>/* } */ a{cursor:url(\"https:\\2f/x.org/c.cur\"),auto}</style>", "CSS url() loads 'https://x.org/c.cur' from the network"),
        ("<style>a{background:url(/a.png)}</style>", "CSS url() '/a.png' is root-absolute and breaks from disk"),
        // Root-absolute URLs, however written.
        ("<a HREF = '&#47;top.html'>t</a>", "root-absolute URL '/top.html' in <a href> breaks from disk and under a sub-path"),
        ("<form action=\"/send\"></form>", "root-absolute URL '/send' in <form action> breaks from disk and under a sub-path"),
    ])
    func caught(html: String, expected: String) {
        #expect(messages(html).contains(expected), "\(messages(html))")
    }

    @Test(arguments: [
        "<b2 data=\"foo\">", "<a href=\"https://x.org/\">x</a>", "<link rel=\"canonical\" href=\"https://x.org/p.html\">",
        "<script type=\"application/json\">{\"a\": \"<img src=https://x.org/a.png>\"}</script>",
        "<textarea><img src=\"https://x.org/a.png\"></textarea>", "<title><img src=https://x.org/a.png></title>",
        "<!-- <img src=\"https://x.org/a.png\"> -->", "<img src=\"data:image/png;base64,AAAA\" alt=\"\">",
        "<p title=\"url(https://x.org/a.png)\">t</p>", "<style>@namespace svg url(http://www.w3.org/2000/svg); a::after{content:\"/\"}</style>",
        "<a href=\"x.html\" data-src=\"https://x.org/a.png\">x</a>", "<img src=\"a.png\" alt=\"&amp;src=https://x.org\">",
        "<a href=\"?q=a&amp;b=c\">q</a>",
    ])
    func notCaught(html: String) {
        #expect(messages(html) == [])
    }

    @Test func hrefThatIsNotAValidURLIsRefused() {
        #expect(
            messages("<a href=\"a b.html\">x</a><a href=\"%zz\">y</a><a href=\"a%20b.html\">ok</a><a href=\" c.html \">ok</a>") == [
                "<a href> 'a b.html' is not a valid URL; percent-encode its spaces and special characters",
                "<a href> '%zz' is not a valid URL; percent-encode its spaces and special characters",
            ])
    }

    /// `&notit;` stays as written in an attribute: `&not` without `;` before a letter is not a reference there.
    @Test func referencesInHrefsAreDecodedBeforeTheFileCheck() {
        let findings = OutputScanner.scan(
            Array("<a href=\"f&ouml;&ouml;.html\">x</a><a href=\"caf&eacute.html\">y</a><a href=\"&notit;.html\">z</a>".utf8),
            pagePath: "index.html", existingFiles: ["index.html", "föö.html", "café.html", "&notit;.html"])
        #expect(findings == [])
    }

    /// The checker's work grows with the page, whatever the page holds.
    @Test func hostilePagesStayLinear() {
        let pages = [
            String(repeating: "<svg><style>", count: 20_000), String(repeating: "<a href=&", count: 20_000) + String(repeating: "a", count: 100_000),
            "<img alt=\"" + String(repeating: "&ampamp", count: 20_000), String(repeating: "<!--", count: 20_000),
            String(repeating: "<style>u\\72l(", count: 20_000), String(repeating: "<iframe srcdoc=\"<iframe srcdoc=&quot;", count: 2_000),
            String(repeating: "<iframe src='data:text/html,<iframe src=\"data:text/html,", count: 2_000),
            String(repeating: "<style>@import url(data:text/css,@import url(data:text/css,", count: 2_000),
        ]
        for page in pages {
            #expect(OutputScanner.scan(Array(page.utf8)).count < 50_000)
        }
    }
}
