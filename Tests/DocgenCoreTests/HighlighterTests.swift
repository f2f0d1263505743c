import Testing

@testable import DocgenCore

/// The highlighter's output read back: runs of text, each with its token class (`nil` for plain text).
struct HighlightedToken: Equatable, CustomStringConvertible {
    var tokenClass: String?
    var text: String
    var description: String { "\(tokenClass ?? "plain"):\(text.debugDescription)" }
}

/// Reads the highlighter's HTML back into tokens, checking that it holds nothing but `code-line`
/// spans (one per line, ending with its line break), `tok-` spans inside them, and escaped text.
/// Returns `nil` when the markup is anything else.
func readTokens(_ html: String) -> [HighlightedToken]? {
    var tokens: [HighlightedToken] = []
    var rest = Substring(html)
    var inLine = false
    var current: String? = nil
    var text = ""
    func flush() {
        if !text.isEmpty { tokens.append(HighlightedToken(tokenClass: current, text: text)) }
        text = ""
    }
    let entities = ["&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'"]
    while let first = rest.first {
        if rest.hasPrefix("<span class=\"code-line\">") {
            guard !inLine else { return nil }
            inLine = true
            rest = rest.dropFirst("<span class=\"code-line\">".count)
        } else if rest.hasPrefix("<span class=\"tok-") {
            guard inLine, current == nil else { return nil }  // tokens sit in lines and never nest
            flush()
            rest = rest.dropFirst("<span class=\"tok-".count)
            guard let close = rest.firstIndex(of: "\"") else { return nil }
            current = String(rest[..<close])
            rest = rest[close...].dropFirst()
            guard rest.hasPrefix(">") else { return nil }
            rest = rest.dropFirst()
        } else if rest.hasPrefix("</span>") {
            rest = rest.dropFirst("</span>".count)
            if current != nil {
                flush()
                current = nil
            } else if inLine {
                // A line ends with its line break, or at the end of the code.
                guard text.unicodeScalars.last == "\n" || rest.isEmpty || tokens.last?.text.unicodeScalars.last == "\n" else { return nil }
                inLine = false
            } else {
                return nil
            }
        } else if !inLine {
            return nil  // text outside a line
        } else if first == "&" {
            guard let entity = entities.first(where: { rest.hasPrefix($0.key) }) else { return nil }
            text += entity.value
            rest = rest.dropFirst(entity.key.count)
        } else if first == "<" || first == ">" || first == "\"" || first == "'" {
            return nil  // unescaped markup characters
        } else {
            text.append(first)
            rest = rest.dropFirst()
            // A line break always ends its span ("\r\n" is one Character, so look at its last scalar).
            if first.unicodeScalars.last == "\n" && !rest.hasPrefix("</span>") { return nil }
        }
    }
    guard current == nil, !inLine else { return nil }
    flush()
    return tokens
}

@Suite struct HighlighterTests {
    static let tokenClasses = Set(TokenClass.allCases.map(\.rawValue))

    func tokens(_ code: String, _ language: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [HighlightedToken] {
        guard let html = SyntaxHighlighter.highlight(code, language: language) else {
            Issue.record("\(language) is not a known language", sourceLocation: sourceLocation)
            return []
        }
        guard let tokens = readTokens(html.string) else {
            Issue.record("not just tok- spans and escaped text: \(html.string)", sourceLocation: sourceLocation)
            return []
        }
        #expect(tokens.map(\.text).joined() == code, "text changed", sourceLocation: sourceLocation)
        // A token that spans lines is split at each line break; join the pieces back.
        var joined: [HighlightedToken] = []
        for token in tokens {
            if let last = joined.last, last.tokenClass == token.tokenClass, last.text.unicodeScalars.last == "\n" {
                joined[joined.count - 1].text += token.text
            } else {
                joined.append(token)
            }
        }
        for token in tokens {
            if let name = token.tokenClass { #expect(Self.tokenClasses.contains(name), "unknown class \(name)", sourceLocation: sourceLocation) }
        }
        return joined
    }

    /// Checks that each `(class, text)` pair appears as a token, in this order.
    func expectTokens(
        _ code: String, _ language: String, _ expected: [(String?, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let found = tokens(code, language, sourceLocation: sourceLocation)
        var remaining = found[...]
        for (tokenClass, text) in expected {
            guard let index = remaining.firstIndex(where: { $0.text == text }) else {
                Issue.record("no token \(text.debugDescription) (after the earlier ones) in \(found)", sourceLocation: sourceLocation)
                return
            }
            #expect(
                remaining[index].tokenClass == tokenClass,
                "\(text.debugDescription) is \(remaining[index].tokenClass ?? "plain"), not \(tokenClass ?? "plain")",
                sourceLocation: sourceLocation)
            remaining = remaining[(index + 1)...]
        }
    }

    // MARK: Languages

    @Test func powerShell() {
        expectTokens(
            """
            # Allow federation
            Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True
            $policy = Get-CsExternalAccessPolicy -Identity "Global" | Where-Object { $_.Name -eq 'x' }
            [string]$env:Path <# block #> foreach ($item in $items) { Write-Host @"
            here
            "@ }
            function Get-Thing { param([int]$Count = 10) }
            """, "powershell",
            [
                ("comment", "# Allow federation"), ("function", "Set-CsAccessEdgeConfiguration"), ("parameter", "-AllowFederatedUsers"),
                ("keyword", "$True"), ("variable", "$policy"), ("operator", "="), ("function", "Get-CsExternalAccessPolicy"),
                ("parameter", "-Identity"), ("string", "\"Global\""), ("operator", "|"), ("function", "Where-Object"),
                ("variable", "$_"), ("operator", "-eq"), ("string", "'x'"), ("punctuation", "["), ("type", "string"), ("punctuation", "]"),
                ("variable", "$env:Path"), ("comment", "<# block #>"), ("keyword", "foreach"), ("variable", "$item"), ("keyword", "in"),
                ("function", "Write-Host"), ("string", "@\"\nhere\n\"@"), ("keyword", "function"), ("function", "Get-Thing"),
                ("keyword", "param"), ("type", "int"), ("variable", "$Count"), ("number", "10"),
            ])
        for alias in ["ps1", "pwsh", "PowerShell"] {
            #expect(SyntaxHighlighter.language(named: alias)?.id == "powershell")
        }
    }

    @Test func shell() {
        expectTokens(
            """
            #!/bin/sh
            export NAME=value # set it
            if [ -n "$HOME" ]; then docgen address --json 'a@b.com' | jq .; fi
            LANG=C sort -u ${FILE:-x} 2>&1 && echo $? $(date)
            """, "bash",
            [
                ("comment", "#!/bin/sh"), ("keyword", "export"), ("comment", "# set it"), ("keyword", "if"), ("function", "["),
                ("parameter", "-n"), ("string", "\"$HOME\""), ("operator", ";"), ("keyword", "then"), ("function", "docgen"),
                ("parameter", "--json"), ("string", "'a@b.com'"), ("operator", "|"), ("function", "jq"),
                ("keyword", "fi"), ("variable", "LANG"), ("operator", "="), ("function", "sort"), ("parameter", "-u"),
                ("variable", "${FILE:-x}"), ("number", "2"), ("operator", ">&"), ("operator", "&&"), ("function", "echo"),
                ("variable", "$?"), ("operator", "$("), ("function", "date"),
            ])
        for alias in ["sh", "shell", "zsh"] { #expect(SyntaxHighlighter.language(named: alias)?.id == "shell") }
    }

    @Test func consoleMarksPromptsAndOutput() {
        let code = """
            $ docgen address bob@contoso.com
            bob(contoso.com)@msn.com
            # apt-get install -y \\
            > libcmark-dev
            PS C:\\Users\\ann> Get-CsAccessEdgeConfiguration -Identity Global
            AllowFederatedUsers : True
            PS> $x

            """
        expectTokens(
            code, "console",
            [
                ("prompt", "$ "), ("function", "docgen"), ("output", "bob(contoso.com)@msn.com\n"), ("prompt", "# "),
                ("function", "apt-get"), ("parameter", "-y"), ("prompt", "> "), ("prompt", "PS C:\\Users\\ann> "),
                ("function", "Get-CsAccessEdgeConfiguration"), ("parameter", "-Identity"), ("output", "AllowFederatedUsers : True\n"),
                ("prompt", "PS> "), ("variable", "$x"),
            ])
        #expect(SyntaxHighlighter.language(named: "shell-session")?.id == "console")
        // What the Copy button keeps: the text without prompts and output.
        let copied = tokens(code, "console").filter { $0.tokenClass != "prompt" && $0.tokenClass != "output" }.map(\.text).joined()
        #expect(
            copied
                == "docgen address bob@contoso.com\napt-get install -y \\\nlibcmark-dev\nGet-CsAccessEdgeConfiguration -Identity Global\n$x\n")
    }

    @Test func consoleWithoutPromptsIsAllCommands() {
        expectTokens("ls -la\ncat file\n", "console", [("function", "ls"), ("parameter", "-la"), ("function", "cat")])
    }

    @Test func yaml() {
        expectTokens(
            """
            ---
            title: Lync to "Skype" # a comment
            order: 2
            draft: false
            tags: [dns, 'srv']
            - name: &anchor x
              ref: *anchor
              text: |
                line one: not a key
                line two
            after: !tag ~
            """, "yml",
            [
                ("punctuation", "---"), ("property", "title"), ("punctuation", ":"), ("string", "Lync to \"Skype\""),
                ("comment", "# a comment"), ("property", "order"), ("number", "2"), ("property", "draft"), ("keyword", "false"),
                ("property", "tags"), ("punctuation", "["), ("string", "dns"), ("punctuation", ","), ("string", "'srv'"),
                ("punctuation", "-"), ("property", "name"), ("variable", "&anchor"), ("property", "ref"), ("variable", "*anchor"),
                ("property", "text"), ("operator", "|"), ("string", "line one: not a key"), ("string", "line two"),
                ("property", "after"), ("type", "!tag"), ("keyword", "~"),
            ])
    }

    @Test func json() {
        expectTokens(
            #"{"input": "a@contoso.com", "native": false, "count": -1.5e3, "list": [null, "x"]}"#, "json",
            [
                ("punctuation", "{"), ("property", "\"input\""), ("punctuation", ":"), ("string", "\"a@contoso.com\""),
                ("property", "\"native\""), ("keyword", "false"), ("property", "\"count\""), ("operator", "-"), ("number", "1.5e3"),
                ("property", "\"list\""), ("keyword", "null"), ("string", "\"x\""), ("punctuation", "}"),
            ])
    }

    @Test func swift() {
        expectTokens(
            """
            @MainActor struct Site: Sendable {
                /* outer /* nested */ still comment */
                func render(_ page: Page) async throws -> String { let x = #"raw \\ "# ; return "\\(x)" + 0x1F.description }
                #if DEBUG
                var count: Int? = nil // note
            }
            """, "swift",
            [
                ("attribute", "@MainActor"), ("keyword", "struct"), ("type", "Site"), ("type", "Sendable"),
                ("comment", "/* outer /* nested */ still comment */"), ("keyword", "func"), ("function", "render"),
                ("type", "Page"), ("keyword", "async"), ("keyword", "throws"), ("operator", "->"), ("type", "String"),
                ("keyword", "let"), ("string", "#\"raw \\ \"#"), ("keyword", "return"), ("string", "\"\\(x)\""), ("number", "0x1F"),
                ("keyword", "#if"), ("keyword", "var"), ("type", "Int"), ("keyword", "nil"), ("comment", "// note"),
            ])
    }

    @Test func htmlAndXML() {
        expectTokens(
            """
            <!DOCTYPE html>
            <!-- note -->
            <a href="page.html" class='x' hidden>Tom &amp; Jerry</a><br/>
            """, "html",
            [
                ("keyword", "<!DOCTYPE"), ("attribute", "html"), ("comment", "<!-- note -->"), ("punctuation", "<"), ("tag", "a"),
                ("attribute", "href"), ("operator", "="), ("string", "\"page.html\""), ("string", "'x'"), ("attribute", "hidden"),
                ("punctuation", ">"), (nil, "Tom &amp; Jerry"), ("punctuation", "</"), ("tag", "a"), ("tag", "br"), ("punctuation", "/>"),
            ])
        expectTokens(
            #"<?xml version="1.0"?><svg:g><![CDATA[ <x> ]]></svg:g>"#, "xml",
            [("keyword", "<?xml"), ("attribute", "version"), ("punctuation", "?>"), ("tag", "svg:g"), ("string", "<![CDATA[ <x> ]]>")])
    }

    @Test func css() {
        expectTokens(
            """
            /* theme */
            @media (prefers-color-scheme: dark) {
              :root:not([data-theme="light"]) { --bg: #0f1419; }
            }
            pre.code > code, a:hover::after { color: var(--fg) !important; margin: 0 1.5rem -2px; font: 1em "Mono"; }
            """, "css",
            [
                ("comment", "/* theme */"), ("keyword", "@media"), ("punctuation", "{"), ("keyword", ":root"), ("keyword", ":not"),
                ("string", "\"light\""), ("variable", "--bg"), ("number", "#0f1419"), ("tag", "pre"), ("attribute", ".code"),
                ("operator", ">"), ("tag", "code"), ("tag", "a"), ("keyword", ":hover"), ("keyword", "::after"),
                ("property", "color"), ("function", "var"), ("variable", "--fg"), ("keyword", "!important"), ("property", "margin"),
                ("number", "0"), ("number", "1.5rem"), ("number", "-2px"), ("property", "font"), ("number", "1em"), ("string", "\"Mono\""),
            ])
    }

    @Test func javaScript() {
        expectTokens(
            """
            // copy
            const button = document.querySelector("[data-role='copy']");
            async function copy(text) { await navigator.clipboard.writeText(`a ${text}`); return null ?? 0.5; }
            class Widget extends Base {}
            """, "js",
            [
                ("comment", "// copy"), ("keyword", "const"), ("function", "querySelector"), ("string", "\"[data-role='copy']\""),
                ("keyword", "async"), ("keyword", "function"), ("function", "copy"), ("keyword", "await"), ("function", "writeText"),
                ("string", "`a ${text}`"), ("keyword", "return"), ("keyword", "null"), ("operator", "??"), ("number", "0.5"),
                ("keyword", "class"), ("type", "Widget"), ("keyword", "extends"), ("type", "Base"),
            ])
    }

    @Test func python() {
        expectTokens(
            """
            @pytest.fixture
            def driver(name: str = r"C:\\dir", *, n=1_000):
                \"\"\"Docs "quoted".\"\"\"
                return None if not name else f'{name}!'  # done
            class Site(object): pass
            """, "py",
            [
                ("attribute", "@pytest"), ("keyword", "def"), ("function", "driver"), ("type", "str"), ("string", "r\"C:\\dir\""),
                ("number", "1_000"), ("string", "\"\"\"Docs \"quoted\".\"\"\""), ("keyword", "return"), ("keyword", "None"),
                ("keyword", "if"), ("keyword", "not"), ("string", "f'{name}!'"), ("comment", "# done"), ("keyword", "class"),
                ("type", "Site"), ("type", "object"), ("keyword", "pass"),
            ])
    }

    @Test func iniAndTOML() {
        expectTokens(
            """
            ; settings
            [server]
            host = sip.contoso.com
            port=5061
            secure: yes
            """, "ini",
            [
                ("comment", "; settings"), ("punctuation", "["), ("type", "server"), ("punctuation", "]"), ("property", "host"),
                ("operator", "="), ("string", "sip.contoso.com"), ("property", "port"), ("number", "5061"), ("property", "secure"),
                ("operator", ":"), ("keyword", "yes"),
            ])
        expectTokens(
            """
            [[servers]]
            name = "edge" # main
            ports = [5061, 443]
            when = 2013-05-29T00:00:00Z
            notes = '''
            two lines'''
            """, "toml",
            [
                ("punctuation", "[["), ("type", "servers"), ("punctuation", "]]"), ("property", "name"), ("string", "\"edge\""),
                ("comment", "# main"), ("property", "ports"), ("punctuation", "["), ("number", "5061"), ("number", "443"),
                ("property", "when"), ("number", "2013-05-29T00:00:00Z"), ("property", "notes"), ("string", "'''\ntwo lines'''"),
            ])
    }

    @Test func dnsZone() {
        expectTokens(
            """
            $ORIGIN contoso.com.
            $TTL 1h
            @        IN  SOA  ns1.contoso.com. admin.contoso.com. ( 2013052901 3600 600 86400 300 )
            _sipfederationtls._tcp  3600 IN SRV 0 0 5061 sip.contoso.com. ; federation
                     IN  TXT  "v=spf1 -all"
            sip      IN  A    192.0.2.10
            """, "zone",
            [
                ("keyword", "$ORIGIN"), ("keyword", "$TTL"), ("number", "1h"), ("variable", "@"), ("keyword", "IN"), ("type", "SOA"),
                ("punctuation", "("), ("number", "2013052901"), ("punctuation", ")"), ("property", "_sipfederationtls._tcp"),
                ("number", "3600"), ("type", "SRV"), ("number", "5061"), ("comment", "; federation"),
                ("type", "TXT"), ("string", "\"v=spf1 -all\""), ("property", "sip"), ("type", "A"), ("number", "192.0.2.10"),
            ])
        #expect(SyntaxHighlighter.language(named: "dns")?.id == "dns-zone")
    }

    @Test func plainTextHasNoTokensButIsKnown() {
        for alias in ["text", "plaintext", "txt"] {
            #expect(tokens("a <b> & \"c\"\n", alias) == [HighlightedToken(tokenClass: nil, text: "a <b> & \"c\"\n")])
        }
    }

    @Test func unknownLanguagesAreNil() {
        #expect(SyntaxHighlighter.highlight("x", language: "cobol") == nil)
        #expect(SyntaxHighlighter.highlight("x", language: "") == nil)
        #expect(SyntaxHighlighter.highlight("x", language: "widget") == nil)
    }

    // MARK: Every language, on hostile and tricky input

    static let trickyInputs: [String] = [
        "", "\n", "\"", "'", "`", "\\", "$", "${", "$(", "#", "<", "<!--", "<![CDATA[", "/*", "<#", "@\"", "[", "[[", "-", "--",
        "\"unterminated\nnext line", "'unterminated", "/* open comment\nstill", "<# open", "<!-- open", "\"\"\"open", "'''open",
        "a\r\nb\r\n", "tab\there", "café – 東京 😀 \"ß\"", "<script>alert('x')</script> & &amp;", "PS C:\\> ", "PS", "$ ", "# ", "> ",
        "key: |\n  x\n y", "- - -", "a = \"b\\\"", "x\\", "\u{0}\u{1}\u{7F}", "@", "#!", "[string", "$env:", "-eq-", "0x", "1e+", ".5.",
        "{\"a\":}", "@media { a: { b; } }", "}}}}", ":::", "\"\\", "`\\`", "r'", "f\"\"\"\\", "$(( ))", "$'\\'",
    ]

    @Test(arguments: SyntaxHighlighter.languages.map(\.id))
    func keepsEveryByteOfTrickyInput(language: String) {
        for input in Self.trickyInputs {
            _ = tokens(input, language)
            _ = tokens(input + input + "\n" + input, language)
        }
        _ = tokens(Self.trickyInputs.joined(separator: "\n"), language)
        _ = tokens(Self.trickyInputs.joined(), language)
    }

    /// Inputs built to make a careless lexer rescan: unterminated openings, long runs of one byte,
    /// almost-matches repeated. The work (bytes examined) must grow in proportion to the size.
    static let hostilePieces: [String] = [
        "\"", "'", "/*", "<!--", "<#", "${", "$(", "[", "[a", "a-", "-a", "a:", "a: ", "PS ", "$ ", "#", "<a ", "a=", "@\"", "\"\"\"",
        "\\", "{", ":", "1e", "x\n", "  - ", "[[", "&", "(", "0x", "=", "PS C:", "`",
        "#\"a", "@'a", "@\"a", "<#a", "/*a", "<!--a", "<![CDATA[a", "<?a ", "a = \"", "$ \"", "PS> '",
    ]

    @Test(arguments: SyntaxHighlighter.languages.map(\.id))
    func workGrowsLinearlyOnHostileInput(language: String) {
        for piece in Self.hostilePieces {
            let small = String(repeating: piece, count: 400)
            let large = String(repeating: piece, count: 1_600)
            guard let smallRun = SyntaxHighlighter.highlightCountingWork(small, language: language),
                let largeRun = SyntaxHighlighter.highlightCountingWork(large, language: language)
            else {
                Issue.record("\(language) is not known")
                return
            }
            let perByte = Double(largeRun.work) / Double(large.utf8.count)
            #expect(perByte <= 24, "\(language) on \(piece.debugDescription)×1600: \(perByte) examinations per byte")
            // Four times the input, about four times the work (never the sixteen of a quadratic scan).
            #expect(largeRun.work <= smallRun.work * 5, "\(language) on \(piece.debugDescription): \(smallRun.work) → \(largeRun.work)")
            #expect(largeRun.html.bytes.count <= large.utf8.count * 40)
        }
    }

    // MARK: Code block markup

    @Test func codeBlockMarkup() {
        #expect(
            CodeBlockMarkup.render(language: "PowerShell", code: "Get-Date\n")
                == "<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"PowerShell code\"><code class=\"language-powershell\"><span class=\"code-line\"><span class=\"tok-function\">Get-Date</span>\n</span></code></pre>"
        )
        #expect(
            CodeBlockMarkup.render(language: "", code: "<x>\n")
                == "<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"Code\"><code><span class=\"code-line\">&lt;x&gt;\n</span></code></pre>"
        )
        #expect(
            CodeBlockMarkup.render(language: "cobol\"<", code: "MOVE A.\n")
                == "<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"Code\"><code class=\"language-cobol&quot;&lt;\"><span class=\"code-line\">MOVE A.\n</span></code></pre>"
        )
    }

    // MARK: In a build

    @Test func aPageWithPowerShellIsHighlightedInAFullBuild() throws {
        let site = try TestSite([
            "index.md": """
            ---
            title: Home
            ---
            ```powershell
            Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True
            ```

                indented <code>

            ```
            no language & no label
            ```

            ```cobol
            MOVE A TO B.
            ```

            ```widget greeting
            ```
            """
        ])
        defer { site.remove() }
        guard case .success = site.build() else {
            Issue.record("build failed: \(site.errors())")
            return
        }
        let page = site.text("index.html") ?? ""
        #expect(
            page.contains(
                "<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"PowerShell code\"><code class=\"language-powershell\"><span class=\"code-line\"><span class=\"tok-function\">Set-CsAccessEdgeConfiguration</span> <span class=\"tok-parameter\">-AllowFederatedUsers</span> <span class=\"tok-keyword\">$True</span>\n</span></code></pre>"
            ))
        #expect(
            page.contains(
                "<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"Code\"><code><span class=\"code-line\">indented &lt;code&gt;\n</span></code></pre>"
            ))
        #expect(
            page.contains(
                "<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"Code\"><code><span class=\"code-line\">no language &amp; no label\n</span></code></pre>"
            ))
        #expect(
            page.contains(
                "<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"Code\"><code class=\"language-cobol\"><span class=\"code-line\">MOVE A TO B.\n</span></code></pre>"
            ))
        #expect(page.contains("<p class=\"greeting\" id=\"greeting-1-text\">Hello, world!</p>"))
        // print.html carries the same highlighted block.
        #expect(site.text("print.html")?.contains("<span class=\"tok-function\">Set-CsAccessEdgeConfiguration</span>") == true)
    }
}
