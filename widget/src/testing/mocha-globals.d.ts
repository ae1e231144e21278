// The mocha globals that web-test-runner provides in the browser; the project carries no @types/mocha.
declare function describe(title: string, suite: () => void): void;
/** `this.skip()` inside a test marks it pending (mocha), for tests that need something the run lacks. */
declare function it(title: string, test: (this: { skip(): never }) => unknown): void;
declare function before(hook: () => unknown): void;
declare function after(hook: () => unknown): void;
declare function beforeEach(hook: () => unknown): void;
declare function afterEach(hook: () => unknown): void;
