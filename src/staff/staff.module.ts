import type { CoreDeps, LaokeModule } from '../module';
import { staffRelayCommand } from './staff-chat';

/** Staff in chat: answering a member through the store account. */
export function staffModule(deps: CoreDeps): LaokeModule {
  return {
    name: 'staff',
    staffCommands: [staffRelayCommand({ members: deps.members, notifier: deps.notifier, templates: deps.templates })],
  };
}
