// Getting attention without anyone watching the screen: a browser notification (Notification API)
// and a short alarm tone (Web Audio), both best effort — a browser may refuse either.

export const canNotify = (): boolean => typeof window !== 'undefined' && 'Notification' in window;

/** A system notification that stays until dismissed; `tag` keeps one per page. */
export function notify(tag: string, title: string, body: string): void {
  if (!canNotify() || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag, requireInteraction: true });
  } catch {
    // Some mobile browsers only notify from a service worker; the banner and the tone remain.
  }
}

let audio: AudioContext | undefined;

/** Three short beeps. Browsers hold audio until the page was interacted with once; then it plays. */
export function alertSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const start = audio.currentTime;
    for (let i = 0; i < 3; i++) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, start + i * 0.35);
      gain.gain.setValueAtTime(0, start + i * 0.35 + 0.2);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + i * 0.35);
      tone.stop(start + i * 0.35 + 0.2);
    }
  } catch {
    // No audio device: the banner and the notification remain.
  }
}
