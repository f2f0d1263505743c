import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// What the preview server answers to one request, independent of the HTTP library.
struct SiteResponse: Sendable {
    enum Body: Sendable {
        /// A whole body, sent with its `Content-Length`.
        case bytes(Data)
        /// A body that goes on as long as the stream does (Server-Sent Events), sent chunked.
        case stream(AsyncStream<[UInt8]>)
    }

    var status: Int
    var headers: [(String, String)]
    var body: Body
    /// HEAD: the headers a GET would get (its `Content-Length` too), and no body.
    var omitsBody = false
}

/// The preview server's HTTP side, on SwiftNIO: listens on one address and hands each request's method
/// and target to `respond`. SwiftNIO rather than a smaller server library: the one used before linked
/// libcurl and its thirty libraries into docgen (through FoundationNetworking) for a proxy docgen never
/// used, which tripled the start-up time of every `docgen` command.
final class HTTPListener: @unchecked Sendable {
    typealias Respond = @Sendable (_ method: String, _ target: String) -> SiteResponse

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    private var channel: (any Channel)?

    /// Binds `address` and starts answering; returns the port (the chosen one when `address` asked for 0).
    func start(at address: SocketAddress, respond: @escaping Respond) throws -> UInt16 {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            // Lets a restarted docgen take its port back while old connections linger in TIME_WAIT;
            // a port another process listens on is still refused (EADDRINUSE).
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(respond: respond))
                }
            }
        do {
            let channel = try bootstrap.bind(to: address).wait()
            self.channel = channel
            return UInt16(channel.localAddress?.port ?? 0)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Stops listening and closes every connection. Never call it on one of the listener's own threads.
    func stop() {
        try? channel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// The errno behind a failed `start`, when the system refused the address.
    static func errorNumber(of error: any Error) -> Int32? {
        (error as? IOError)?.errnoCode
    }

    /// A numeric IPv4 or IPv6 address; `nil` for a host name.
    static func address(host: String, port: UInt16) -> SocketAddress? {
        try? SocketAddress(ipAddress: host, port: Int(port))
    }
}

/// One connection: answers each request as it completes (request bodies are ignored: only GET and HEAD
/// are served), keeping the connection open when the client asked to.
private final class RequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let respond: HTTPListener.Respond
    private var request: HTTPRequestHead?
    private var streaming: Task<Void, Never>?

    init(respond: @escaping HTTPListener.Respond) {
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            answer(head, with: respond(head.method.rawValue, head.uri), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The page went away: end its event stream, which also unsubscribes it.
        streaming?.cancel()
        streaming = nil
        context.fireChannelInactive()
    }

    private func answer(_ head: HTTPRequestHead, with response: SiteResponse, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        switch response.body {
        case .bytes(let data):
            headers.replaceOrAdd(name: "Content-Length", value: String(data.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            if !response.omitsBody && !data.isEmpty {
                var buffer = context.channel.allocator.buffer(capacity: data.count)
                buffer.writeBytes(data)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            }
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        case .stream(let chunks):
            // No Content-Length: NIO sends the body chunked, each chunk as soon as it is written.
            context.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            let channel = context.channel
            if response.omitsBody {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            streaming = Task {
                for await chunk in chunks {
                    var buffer = channel.allocator.buffer(capacity: chunk.count)
                    buffer.writeBytes(chunk)
                    do {
                        try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)))
                    } catch {
                        return
                    }
                }
                // The server is stopping (or the stream ended): finish the response and the connection.
                try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
                try? await channel.close()
            }
        }
    }
}
