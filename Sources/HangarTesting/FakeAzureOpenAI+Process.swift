import Foundation

extension FakeAzureOpenAI {
    /// `hangar-fakes azure`: Azure OpenAI on `port` (0: a free one) with these deployments
    /// behind `apiKey`, steered through `/_fake/…`: the common routes (`FakeControlLog`) and the
    /// completion routes (`FakeCompletions.controlAnswer`). A reset drops queued refusals, the
    /// stream steering and the delay. Runs `body` with the base URL (the resource endpoint).
    public static func withControlledServer<T: Sendable>(
        port: Int = 0, apiKey: String = FakeAzureOpenAI.defaultKey, deployments: [String] = ["chat"],
        _ body: (String) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(.normal)
        let completions = FakeCompletions()
        let api = AzureRoutes(
            apiKey: apiKey, models: [AzureRoutes.chatModel, AzureRoutes.embeddingModel], deployments: deployments,
            completions: completions)
        let log = FakeControlLog()
        return try await FakeHTTPServer.withServer(port: port) { request in
            if FakeControl.isControl(request) {
                if let answer = log.answer(request, reset: completions.reset) { return answer }
                return await completions.controlAnswer(request)
                    ?? FakeControl.refused("no control route \(request.method) \(request.path)", status: 404)
            }
            log.record(request)
            if AzureRoutes.completionDeployment(request) != nil { completions.arrived() }
            if AzureRoutes.embeddingsDeployment(request) != nil { completions.embeddingArrived() }
            return log.delayed(await modes.respond(to: request, format: .azure, awaiting: api.answer))
        } _: { server in
            try await body(server.baseURL)
        }
    }
}
