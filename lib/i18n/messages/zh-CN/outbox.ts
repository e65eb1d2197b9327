const outbox = {
  title: '保存在本机、等待发送',
  intro: '没有网络时，您填写的内容和拍摄的照片保存在这部手机上，联网后按顺序自动发送（先照片，后提交），每项只发送一次。',
  empty: '没有等待发送的内容。',
  kinds: {
    photo: '照片：{what}',
    evidence: '证明材料照片',
    identity: '身份信息提交',
    correction: '信息更正申请',
  },
  states: {
    pending: '等待网络',
    sending: '正在发送…',
    refused: '未被接受',
    done: '已发送',
  },
  attempts: '已尝试 {n} 次',
  retry: '重试',
  remove: '删除',
  sendNow: '立即发送',
  queuedPhoto: '已保存在本机，联网后上传',
  queuedSubmit: '已保存在本机。联网后会自动提交，无需重新填写。',
  queuedCorrection: '更正申请已保存在本机，联网后会自动发送。',
  sentIdentity: '您的身份信息已提交。',
  signOutPending: '还有 {n} 项未发送。退出登录会把它们从这部手机上删除。确定退出吗？',
  errors: {
    network: '网络未连接，联网后会自动重试。',
    blocked: '它需要的照片未被接受：请重新拍摄该照片，再重新提交。',
  },
  offline: {
    lastStatus: '最近一次查看的状态',
    checkedAt: '查看时间：{at}',
    noStatus: '这部手机上没有保存的状态。',
    formTitle: '离线填写身份信息',
    formIntro: '没有网络也可以填写和拍照：内容保存在这部手机上，联网后按顺序自动发送，只提交一次。',
    correctionTitle: '信息有误？离线提交更正',
    correctionIntro: '没有网络也可以填写更正并拍摄证明材料：保存在这部手机上，联网后按顺序自动发送，只提交一次。',
  },
};

export default outbox;
