import type { InboundMessage } from './ports';

/** What a kind of message is called when the bot talks about it (语音, 图片 …). */
export function kindLabel(kind: InboundMessage['kind']): string {
  const labels: Record<InboundMessage['kind'], string> = {
    text: '文字',
    image: '图片',
    voice: '语音',
    video: '视频',
    sticker: '表情',
    file: '文件',
    link: '链接',
    miniprogram: '小程序',
    contact_card: '名片',
    location: '位置',
    other: '消息',
  };
  return labels[kind];
}
