// PowerShell: cmdlets (Verb-Noun), -Parameters, $variables, [types], here-strings, <# #> comments.
extension HighlightLanguage {
    static let powerShell = HighlightLanguage(
        id: "powershell", name: "PowerShell", aliases: ["powershell", "ps1", "pwsh", "posh", "psm1"],
        lex: { $0.lexCode(PowerShellSyntax.syntax) })
}

enum PowerShellSyntax {
    static let syntax = CodeSyntax(
        lineComments: [Array("#".utf8)],
        blockComments: [(Array("<#".utf8), Array("#>".utf8), false)],
        strings: [
            StringSyntax("@\"", "\"@", escape: "`", multiline: true),
            StringSyntax("@'", "'@", escape: nil, multiline: true),
            StringSyntax("\"", escape: "`", multiline: true),
            StringSyntax("'", escape: nil, multiline: true),
        ],
        keywords: WordTable(
            """
            begin break catch class clean continue data default do dynamicparam else elseif end enum exit filter finally
            for foreach function hidden if in param process return static switch throw trap try until using while workflow
            """, ignoringCase: true),
        callsAreFunctions: false,
        declarations: CodeSyntax.declarations([("function", .function), ("filter", .function), ("class", .type), ("enum", .type)]),
        operators: Array("+-*/%=<>!&|,".utf8),
        punctuation: Array("{}[]();.".utf8),
        special: { scanner, state in lexSpecial(&scanner, &state) })

    /// `-eq`, `-like` and the other word operators (a `-Word` that is not one of these is a parameter).
    static let wordOperators = WordTable(
        """
        eq ne gt ge lt le like notlike match notmatch contains notcontains in notin replace split join f is isnot as
        and or xor not band bor bxor bnot shl shr ieq ine igt ige ilt ile ilike inotlike imatch inotmatch ireplace
        ceq cne cgt cge clt cle clike cnotlike cmatch cnotmatch creplace csplit isplit
        """, ignoringCase: true)
    static let constants = WordTable("true false null", ignoringCase: true)

    static func lexSpecial(_ scanner: inout HighlightScanner, _ state: inout CodeLexerState) -> Bool {
        guard let byte = scanner.peek() else { return false }
        let start = scanner.position
        switch byte {
        case UInt8(ascii: "$"):
            return lexVariable(&scanner)
        case UInt8(ascii: "-"):
            guard let next = scanner.peek(1), ByteClass.isLetter(next), scanner.followsWordBoundary() else { return false }
            scanner.advance()
            scanner.advance(while: { ByteClass.isIdentifierPart($0) || $0 == UInt8(ascii: "-") })
            let word = scanner.bytes[(start + 1)..<scanner.position]
            scanner.emit(wordOperators.contains(word) ? .operator : .parameter, from: start)
            return true
        case UInt8(ascii: "["):
            return lexTypeLiteral(&scanner)
        default:
            guard ByteClass.isIdentifierStart(byte) else { return false }
            // A cmdlet or function name: words joined by hyphens (Get-ChildItem, Set-CsAccessEdgeConfiguration).
            scanner.advance(while: ByteClass.isIdentifierPart)
            var joined = false
            while scanner.peek() == UInt8(ascii: "-"), let next = scanner.peek(1), ByteClass.isIdentifierStart(next) {
                joined = true
                scanner.advance()
                scanner.advance(while: ByteClass.isIdentifierPart)
            }
            guard joined else {
                scanner.lexWord(from: start, syntax, &state)
                return true
            }
            state.pendingDeclaration = nil
            scanner.emit(.function, from: start)
            return true
        }
    }

    /// `$name`, `$env:Path`, `${any name}`, `$_`, `$?`; `$true`, `$false`, `$null` are constants.
    static func lexVariable(_ scanner: inout HighlightScanner) -> Bool {
        let start = scanner.position
        guard let next = scanner.peek(1) else { return false }
        if next == UInt8(ascii: "{") {
            scanner.advance(2)
            scanner.advance(while: { $0 != UInt8(ascii: "}") && $0 != ByteClass.newline })
            if scanner.peek() == UInt8(ascii: "}") { scanner.advance() }
        } else if ByteClass.isIdentifierStart(next) {
            scanner.advance()
            scanner.advance(while: ByteClass.isIdentifierPart)
            // A scope or drive qualifier: $env:Path, $script:count.
            if scanner.peek() == UInt8(ascii: ":"), let after = scanner.peek(1), ByteClass.isIdentifierStart(after) {
                scanner.advance()
                scanner.advance(while: ByteClass.isIdentifierPart)
            } else if constants.contains(scanner.bytes[(start + 1)..<scanner.position]) {
                scanner.emit(.keyword, from: start)
                return true
            }
        } else if "_?$^".utf8.contains(next) || ByteClass.isDigit(next) {
            scanner.advance(2)
        } else {
            return false
        }
        scanner.emit(.variable, from: start)
        return true
    }

    /// `[string]`, `[System.IO.File]`, `[int[]]`: the name inside is a type.
    static func lexTypeLiteral(_ scanner: inout HighlightScanner) -> Bool {
        let start = scanner.position
        guard let first = scanner.peek(1), ByteClass.isLetter(first) else { return false }
        scanner.advance()
        scanner.advance(while: { ByteClass.isIdentifierPart($0) || $0 == UInt8(ascii: ".") })
        if scanner.sees(Array("[]".utf8)) { scanner.advance(2) }
        guard scanner.peek() == UInt8(ascii: "]") else {
            scanner.position = start
            return false
        }
        let typeEnd = scanner.position
        scanner.position = start + 1
        scanner.emit(.punctuation, from: start)
        scanner.position = typeEnd
        scanner.emit(.type, from: start + 1)
        scanner.advance()
        scanner.emit(.punctuation, from: typeEnd)
        return true
    }
}
