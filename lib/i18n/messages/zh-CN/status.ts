const status = { loading: '加载中…', saved: '已保存' };

export default status;
