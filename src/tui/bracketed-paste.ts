// Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~ (read by
// components/use-paste.ts), so a paste reaches the composer as text and its newlines do not
// send it. Turned on with raw mode (by the launcher's first frame when it draws one, else by
// the UI) and off whenever the process ends.
export const BRACKETED_PASTE_ON = "\u001b[?2004h";
export const BRACKETED_PASTE_OFF = "\u001b[?2004l";
