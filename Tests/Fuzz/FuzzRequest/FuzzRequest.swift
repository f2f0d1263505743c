// libFuzzer target: `request-email --from-file` parsing, validation and the three output formats.
import DocgenCore
import FederationWidgets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let file = try? RequestEmailFile.parse(text, path: "request.yml") else { return 0 }
    let validation = file.input.validate()
    if let request = validation.request {
        _ = RequestEmailComposer.text(request)
        _ = RequestEmailComposer.eml(request)
        _ = RequestEmailComposer.mailto(request)
    }
    return 0
}
