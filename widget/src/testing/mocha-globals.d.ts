// The mocha globals that web-test-runner provides in the browser; the project carries no @types/mocha.
declare function describe(title: string, suite: () => void): void;
// No `this.skip()`: a test that lacks what it needs fails, it never turns into a skip.
declare function it(title: string, test: () => unknown): void;
declare function before(hook: () => unknown): void;
declare function after(hook: () => unknown): void;
declare function beforeEach(hook: () => unknown): void;
declare function afterEach(hook: () => unknown): void;
