/** When a meeting starts or was done: "Fri 6 Mar, 09:30". */
export const meetingTime = (iso: string) => new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
