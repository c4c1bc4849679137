import { notificationsTask } from './notificationsTask';

describe('notificationsTask', () => {
  it("runs on the notifier's schedule and delivers what is pending", async () => {
    let delivered = 0;
    const task = notificationsTask({
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
      deliverPending: async () => {
        delivered += 1;
      },
    });
    expect(task).toMatchObject({
      id: 'quality-scorecard-notifications',
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
    });
    await task.fn(new AbortController().signal);
    expect(delivered).toBe(1);
  });
});
