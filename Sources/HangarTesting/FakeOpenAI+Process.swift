import Foundation

extension FakeOpenAI {
    /// `hangar-fakes openai`: the OpenAI API on `port` (0: a free one), steered through
    /// `/_fake/…` besides the common routes (`FakeControlLog`): the completion routes
    /// (`FakeCompletions.controlAnswer`), among them `POST /_fake/openai/rate-limit {"count",
    /// "retry_after"?}`, which refuses the next completions with OpenAI's 429 (`Retry-After` "1"
    /// unless given). A reset drops queued refusals, the stream steering and the delay.
    /// Runs `body` with the base URL.
    public static func withControlledServer<T: Sendable>(
        port: Int = 0, apiKey: String?, models: [String], acceptsAnyModel: Bool, replyStyle: FakeCompletions.ReplyStyle,
        _ body: (String) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(.normal)
        let completions = FakeCompletions()
        completions.replyStyle = replyStyle
        var api = OpenAIRoutes(apiKey: apiKey, models: models, completions: completions)
        api.acceptsAnyModel = acceptsAnyModel
        let log = FakeControlLog()
        let routes = api
        return try await FakeHTTPServer.withServer(port: port) { request in
            if FakeControl.isControl(request) {
                if let answer = log.answer(request, reset: completions.reset) { return answer }
                return await completions.controlAnswer(request)
                    ?? FakeControl.refused("no control route \(request.method) \(request.path)", status: 404)
            }
            log.record(request)
            if OpenAIRoutes.isCompletion(request) { completions.arrived() }
            if OpenAIRoutes.isEmbeddings(request) { completions.embeddingArrived() }
            return log.delayed(await modes.respond(to: request, format: .openAI, awaiting: routes.answer))
        } _: { server in
            try await body(server.baseURL)
        }
    }
}
