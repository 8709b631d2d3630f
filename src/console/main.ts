import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import './ui/element-styles';
import './ui/console.css';

createApp(App).use(router).mount('#app');
