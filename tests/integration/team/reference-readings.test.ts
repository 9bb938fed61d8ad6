// The reference card states how this system reads the guide where its words allow more than one
// reading, and the live targets beside it say the same: P3 within one business day, a channel's
// looser table never lengthening a target, the quiet period from the configuration, which resolution
// time is measured to the close and which to the fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { OPSBOARD_AUTO_CLOSE_DAYS: '4' } });
});
afterAll(async () => server?.stop());

const CARD = graphql(`
  {
    referenceCard {
      readings
      responseTimes {
        channel
        priority
        firstResponse
      }
    }
  }
`);

describe('the reference card’s readings of the guide', () => {
  it('states them, and the live targets agree', async () => {
    const result = await server.gql(CARD);
    expect(result.errors).toBeUndefined();
    const card = result.data!.referenceCard;
    const reading = (start: string) => card.readings.find((r) => r.startsWith(start));
    expect(reading('P3 "<24 hours" is one business day')).toContain('8 business hours');
    expect(reading("A channel's own response table applies only where it is stricter")).toContain('4 business hours');
    expect(reading('A ticket leaves NEW only with its type, priority and owner set')).toContain('counts as late');
    // From OPSBOARD_AUTO_CLOSE_DAYS=4: the reminder halfway, the close at the end.
    expect(reading('Close after confirmation')).toContain('reminded once after 2 days and closed after 4');
    expect(reading('"4+ hours without progress"')).toContain('any priority');
    // No GITHUB_TOKEN here: the card says GitHub's acknowledgement is only recorded.
    expect(reading('The automatic acknowledgement answers on the channel the request came from')).toContain(
      'a comment on it (once GITHUB_TOKEN is set; until then it is recorded on the ticket)',
    );
    // Which resolution time is which; the wait for the close from OPSBOARD_AUTO_CLOSE_DAYS=4.
    const resolution = reading('Resolution Time is reported both ways');
    expect(resolution).toContain('to the close, as the metrics table defines it ("time from ticket to close")');
    expect(resolution).toContain('to the fix, which the goal "Resolve 80 % of issues within 48 hours" reads');
    expect(resolution).toContain('up to 4 days');

    const first = (channel: string, priority: string) => card.responseTimes.find((t) => t.channel === channel && t.priority === priority)?.firstResponse;
    // P3: one business day everywhere; e-mail's "Low: <48 hours" and GitHub's 72 h do not lengthen it; social's 4 h is stricter.
    expect(['EMAIL', 'GITHUB', 'COMMUNITY', 'WEB'].map((c) => first(c, 'P3'))).toEqual(Array(4).fill('8 business hours'));
    expect(first('SOCIAL', 'P3')).toBe('4 business hours');
    // P2, the stand-in before triage: the goal's 4 business hours on every channel.
    expect(['EMAIL', 'GITHUB', 'SOCIAL', 'COMMUNITY', 'WEB'].map((c) => first(c, 'P2'))).toEqual(Array(5).fill('4 business hours'));
  });
});
