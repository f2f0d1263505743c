// libFuzzer target: the output checker on arbitrary bytes, as a page and as CSS.
@testable import DocgenCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOutputChecker(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = OutputScanner.scan(bytes, pagePath: "guide/page.html", existingFiles: ["index.html", "guide/page.html", "assets/style.css"])
    _ = OutputScanner.scanCSS(String(decoding: bytes, as: UTF8.self))
    return 0
}
