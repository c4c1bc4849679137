import { campaignRemindersTask } from './campaignRemindersTask';

describe('campaignRemindersTask', () => {
  it('runs the campaign reminders hourly', async () => {
    let runs = 0;
    const task = campaignRemindersTask({
      run: async () => {
        runs += 1;
      },
    });
    expect(task).toMatchObject({
      id: 'quality-scorecard-campaign-reminders',
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 1 },
    });
    await task.fn(new AbortController().signal);
    expect(runs).toBe(1);
  });
});
