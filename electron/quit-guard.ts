// Quitting while transfers run stops them: asked first, once, whether the window's close button or
// Quit (Ctrl+Q, the menu, the OS) did it. Nothing running: no question. Kept apart from main.ts so
// the decision is tested without Electron.
export class QuitGuard {
  private confirmed = false;
  private asking: Promise<boolean> | undefined;

  constructor(
    /** Transfers queued or running now. */
    private readonly running: () => number,
    /** The question, with how many; true: stop them and quit. */
    private readonly ask: (running: number) => Promise<boolean>,
  ) {}

  /** Resolves true when quitting may go on: nothing runs, or the user said so (now or before). */
  mayQuit(): Promise<boolean> {
    const running = this.running();
    if (this.confirmed || running === 0) return Promise.resolve(true);
    // A second Quit while the question is open waits for the same answer, not a second question.
    this.asking ??= this.ask(running).then((yes) => {
      this.asking = undefined;
      this.confirmed = yes;
      return yes;
    });
    return this.asking;
  }

  /**
   * For the window's close event: true when it may close at once; otherwise the question is asked
   * and `quit` called on yes (the window is the app's only one: closing it quits).
   */
  closeNow(quit: () => void): boolean {
    if (this.confirmed || this.running() === 0) return true;
    void this.mayQuit().then((yes) => yes && quit());
    return false;
  }
}
