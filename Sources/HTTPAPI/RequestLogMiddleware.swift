import Foundation
import HTTPTypes
import HangarCore
import Hummingbird
import Logging

/// Gives each request an id (the client's `X-Request-Id` when it is sane), echoes it on the
/// response, and writes one JSON access-log line with route, status and duration.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = Self.requestID(from: request)
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let route = context.endpointPath ?? "unmatched"
        let started = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.xRequestID] = requestID
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.milliseconds
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(Self.twoDecimals(milliseconds)),
            ])
        return response
    }

    /// `String(format: "%.2f")` without its cost (a line per request).
    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths.magnitude % 100
        return "\(hundredths < 0 ? "-" : "")\(hundredths.magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func requestID(from request: Request) -> String {
        if let given = request.headers[.xRequestID], (1...128).contains(given.utf8.count),
            given.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        {
            return given
        }
        return UUID().uuidString.lowercased()
    }
}

extension HTTPField.Name {
    static var xRequestID: Self { Self("X-Request-Id")! }
}
