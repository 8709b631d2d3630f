import { createRouter, createWebHistory } from 'vue-router';
import { forbiddenPath } from './api/api-events';
import { loadSession } from './composables/useSession';

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown without signing in. */
    public?: boolean;
    title?: string;
  }
}

/** One page per route, each loaded when first opened, so the first page stays small. */
export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: '登录' } },
    { path: '/', name: 'today', component: () => import('./pages/TodayPage.vue'), meta: { title: '今天' } },
    { path: '/members', name: 'members', component: () => import('./pages/MembersPage.vue'), meta: { title: '会员' } },
    { path: '/members/:id(\\d+)', name: 'member', component: () => import('./pages/MemberPage.vue'), props: true, meta: { title: '会员详情' } },
    { path: '/complaints', name: 'complaints', component: () => import('./pages/ComplaintsPage.vue'), meta: { title: '投诉' } },
    { path: '/complaints/:ticketNo', name: 'complaint', component: () => import('./pages/ComplaintPage.vue'), props: true, meta: { title: '投诉单' } },
    { path: '/drafts', name: 'drafts', component: () => import('./pages/DraftsPage.vue'), meta: { title: '今日问候' } },
    { path: '/imports', name: 'imports', component: () => import('./pages/ImportsPage.vue'), meta: { title: '导入销售' } },
    { path: '/reports', name: 'reports', component: () => import('./pages/ReportsPage.vue'), meta: { title: '报表' } },
    { path: '/staff', name: 'staff', component: () => import('./pages/StaffPage.vue'), meta: { title: '员工' } },
    { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue'), meta: { title: '操作记录' } },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = await loadSession();
  if (!session) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  // An admin holds no member data: their console starts at the staff list.
  if (to.name === 'today' && session.staff.role === 'admin') return { name: 'staff' };
  return true;
});

router.afterEach((to) => {
  forbiddenPath.value = null;
  document.title = to.meta.title ? `${to.meta.title} · 老客` : '老客';
});
