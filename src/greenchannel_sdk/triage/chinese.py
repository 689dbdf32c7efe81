"""Traditional-to-Simplified Chinese folding, so one keyword matches both scripts.

Complaints arrive in both scripts (a Hong Kong or Taiwan customer writes
Traditional, a mainland one Simplified), but a bank should write each rule
keyword once.  Both the complaint text and every keyword are folded to
Simplified before matching, so "盜刷" in a complaint matches a rule written
as "盗刷" and the other way round.

The table is deliberately small: the common characters of complaint
language and banking vocabulary, one character to one character.  Folding
is only ever used for matching (never shown to anyone), so a Simplified
character that stands for two Traditional ones (发 for 發 and 髮) does no
harm.  A character missing from the table is left as it is; a keyword
written with it then matches only text in the same script.
"""

from __future__ import annotations

__all__ = ["to_simplified"]

# Pairs "TS": a Traditional character followed by its Simplified form.
# 帳 folds to 账 (not the tent sense 帐) because "帳戶/帐户" means an account.
_PAIRS = (
    "丟丢 並并 乾干 亂乱 亞亚 佈布 併并 來来 係系 倉仓 個个 們们 倫伦 偽伪 備备 "
    "傳传 債债 傷伤 僅仅 價价 億亿 優优 儲储 兌兑 兒儿 內内 兩两 冊册 凈净 凍冻 "
    "則则 剛刚 創创 劃划 劇剧 劉刘 務务 勞劳 勢势 勵励 匯汇 區区 協协 卻却 厲厉 "
    "參参 吳吴 員员 問问 啟启 喪丧 單单 嘆叹 嚇吓 嚴严 囑嘱 國国 圍围 圖图 團团 "
    "執执 堅坚 報报 場场 塊块 壓压 壞坏 壽寿 夠够 夢梦 夥伙 奪夺 奮奋 婦妇 媽妈 "
    "孫孙 學学 實实 寧宁 審审 寫写 寶宝 將将 專专 尋寻 對对 導导 屆届 層层 屬属 "
    "島岛 峽峡 嶺岭 師师 帳账 幣币 幫帮 幹干 幾几 庫库 廁厕 廚厨 廠厂 廢废 廣广 "
    "廳厅 張张 強强 彈弹 彎弯 彙汇 後后 徑径 從从 復复 徵征 徹彻 恆恒 惡恶 惱恼 "
    "愛爱 態态 慣惯 慮虑 慶庆 憂忧 憑凭 懇恳 應应 懲惩 懶懒 懷怀 懸悬 戰战 戲戏 "
    "戶户 掃扫 掛挂 換换 揮挥 損损 撐撑 撥拨 撿捡 擁拥 擇择 擊击 擋挡 擔担 據据 "
    "擠挤 擬拟 擴扩 擺摆 擾扰 攔拦 攜携 攤摊 敗败 敘叙 敵敌 數数 斷断 於于 時时 "
    "晝昼 曆历 曉晓 曬晒 書书 會会 東东 條条 棄弃 棟栋 楊杨 業业 極极 榮荣 構构 "
    "槍枪 樂乐 樓楼 標标 樣样 橋桥 機机 檔档 檢检 檯台 櫃柜 欄栏 權权 歐欧 歡欢 "
    "歲岁 歷历 歸归 殘残 殺杀 殼壳 毀毁 毆殴 氣气 汙污 決决 沒没 沖冲 況况 洩泄 "
    "淚泪 淨净 淺浅 減减 測测 湊凑 湯汤 溫温 滅灭 滙汇 滬沪 滯滞 滿满 漢汉 漲涨 "
    "潔洁 潛潜 濃浓 濕湿 濟济 濫滥 瀏浏 灣湾 災灾 為为 無无 煩烦 熱热 燈灯 燒烧 "
    "營营 爐炉 爛烂 爭争 爺爷 牆墙 牽牵 犧牺 狀状 狹狭 猶犹 獄狱 獎奖 獨独 獲获 "
    "獻献 現现 瑣琐 環环 產产 畢毕 畫画 異异 當当 疊叠 瘋疯 瘡疮 療疗 癒愈 癡痴 "
    "發发 盜盗 盡尽 監监 盤盘 眾众 瞞瞒 碩硕 確确 碼码 磚砖 礙碍 禍祸 禮礼 稅税 "
    "種种 稱称 穀谷 積积 穩稳 窮穷 竊窃 競竞 筆笔 節节 範范 築筑 簡简 簽签 籃篮 "
    "籌筹 籤签 糧粮 糾纠 紀纪 約约 紅红 納纳 紐纽 純纯 紙纸 級级 紛纷 紮扎 細细 "
    "紹绍 終终 組组 絆绊 結结 絕绝 絡络 給给 統统 絲丝 綁绑 經经 綜综 綠绿 維维 "
    "綱纲 網网 緊紧 緒绪 線线 締缔 緣缘 編编 緩缓 練练 縣县 縫缝 縮缩 縱纵 總总 "
    "績绩 織织 繞绕 繩绳 繪绘 繫系 繳缴 繼继 續续 纔才 罰罚 罵骂 罷罢 羅罗 義义 "
    "習习 聖圣 聞闻 聯联 聰聪 聲声 職职 聽听 肅肃 脅胁 脫脱 腦脑 腫肿 膚肤 膠胶 "
    "膽胆 臉脸 臟脏 臨临 臺台 與与 興兴 舉举 舊旧 艱艰 莊庄 華华 萬万 葉叶 著着 "
    "蓋盖 蓮莲 薦荐 藍蓝 藝艺 藥药 蘇苏 蘭兰 處处 虛虚 號号 虧亏 蟲虫 衆众 術术 "
    "衛卫 衝冲 裏里 補补 裝装 裡里 製制 複复 襪袜 襲袭 見见 規规 覓觅 視视 親亲 "
    "覺觉 覽览 觀观 觸触 訂订 計计 訊讯 討讨 訓训 託托 記记 訟讼 訣诀 訪访 設设 "
    "許许 訴诉 診诊 註注 詆诋 詐诈 評评 詞词 詢询 試试 話话 該该 詳详 誇夸 誌志 "
    "認认 誘诱 語语 誠诚 誤误 說说 誰谁 課课 調调 談谈 請请 諒谅 論论 諮咨 諷讽 "
    "諾诺 謀谋 謂谓 謊谎 謗谤 講讲 謝谢 謹谨 證证 譏讥 識识 譜谱 譯译 議议 護护 "
    "讀读 變变 讓让 讚赞 豐丰 豬猪 貓猫 貝贝 負负 財财 貨货 貪贪 貫贯 責责 貴贵 "
    "買买 貸贷 費费 貼贴 貿贸 賄贿 資资 賊贼 賓宾 賜赐 賞赏 賠赔 賣卖 賤贱 質质 "
    "賬账 賭赌 賴赖 賺赚 購购 贈赠 贊赞 贓赃 贖赎 趕赶 趨趋 跡迹 踐践 蹤踪 躍跃 "
    "車车 軌轨 軍军 軟软 較较 載载 輔辅 輕轻 輛辆 輝辉 輩辈 輪轮 輯辑 輸输 轄辖 "
    "轉转 辦办 辭辞 辯辩 農农 迴回 這这 連连 週周 進进 遊游 運运 過过 達达 違违 "
    "遜逊 遞递 遠远 適适 遲迟 遷迁 選选 遺遗 邁迈 還还 邊边 郵邮 鄉乡 鄰邻 醫医 "
    "醬酱 釀酿 釋释 針针 鈔钞 鈴铃 銀银 銅铜 銷销 鋒锋 鋪铺 鋼钢 錄录 錢钱 錯错 "
    "錶表 鍋锅 鍵键 鎖锁 鎮镇 鏈链 鏡镜 鐘钟 鐵铁 鑑鉴 鑰钥 長长 門门 閃闪 閉闭 "
    "開开 閑闲 閒闲 間间 閣阁 閱阅 闆板 闊阔 闖闯 關关 陣阵 陰阴 陳陈 陸陆 陽阳 "
    "隊队 際际 隨随 險险 隱隐 隸隶 雖虽 雙双 雜杂 雞鸡 離离 難难 雲云 電电 霧雾 "
    "靈灵 靜静 韓韩 韻韵 響响 頁页 頂顶 項项 順顺 預预 頑顽 頓顿 領领 頭头 頻频 "
    "顆颗 題题 額额 顏颜 願愿 類类 顧顾 顯显 風风 颱台 飛飞 飢饥 飯饭 飾饰 養养 "
    "餓饿 餘余 館馆 饋馈 馬马 駁驳 駐驻 駛驶 騎骑 騙骗 騰腾 騷骚 驅驱 驕骄 驗验 "
    "驚惊 驟骤 髒脏 體体 髮发 鬆松 鬥斗 鬧闹 鬱郁 魚鱼 鳥鸟 麥麦 麵面 麼么 黃黄 "
    "點点 黨党 黴霉 齊齐 齡龄 龍龙 龐庞 "
    "帐账"
)

_TABLE = str.maketrans({pair[0]: pair[1] for pair in _PAIRS.split()})


def to_simplified(text: str) -> str:
    """Fold the Traditional characters the table knows to Simplified."""
    return text.translate(_TABLE)
