/**
 * The error for a schedule expression EventBridge would refuse. The message keeps AWS's opening
 * ("Parameter ScheduleExpression is not valid") and adds which part is wrong and why, naming the
 * cron field (`day-of-week: …`) where there is one.
 */
export class ScheduleExpressionError extends Error {
  constructor(reason: string) {
    super(`Parameter ScheduleExpression is not valid: ${reason}`);
    this.name = 'ScheduleExpressionError';
  }
}
