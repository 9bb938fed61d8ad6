import { Channel, Closure, ConfirmationMethod, EscalationLevel, Priority, Role, TicketStatus, TicketType } from '@opsboard/db';
import { builder } from './builder.ts';

export const PriorityEnum = builder.enumType(Priority, {
  name: 'Priority',
  description: 'P0 critical (site down, security, data loss) · P1 high · P2 medium · P3 low',
});
export const ChannelEnum = builder.enumType(Channel, { name: 'Channel' });
export const TicketStatusEnum = builder.enumType(TicketStatus, { name: 'TicketStatus' });
export const TicketTypeEnum = builder.enumType(TicketType, { name: 'TicketType' });
export const RoleEnum = builder.enumType(Role, { name: 'Role' });
export const EscalationLevelEnum = builder.enumType(EscalationLevel, {
  name: 'EscalationLevel',
  description: 'L1 support · L2 engineering · L3 senior engineer / tech lead · MANAGEMENT',
});
export const ClosureEnum = builder.enumType(Closure, {
  name: 'Closure',
  description:
    'How a ticket was closed: USER_CONFIRMED, WITHOUT_CONFIRMATION (an agent gave a reason) or AUTO_CLOSED (the quiet period, after asking and one reminder)',
});
export const ConfirmationMethodEnum = builder.enumType(ConfirmationMethod, { name: 'ConfirmationMethod', description: 'How the user confirmed the fix' });
