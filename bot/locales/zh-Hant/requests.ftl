## What residents read in their building's group

request-filed = 📋 已登記訴求 <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 緊急
   *[no] {""}
  }
    類別：{ $category }
    負責人：{ $handler }
    如果這不是需要處理的訴求，請點下方按鈕撤回。
button-not-a-request = 不是訴求，撤回
candidate-question = { $reporter } 這則訊息需要網格員處理嗎？
button-file-it = 是，登記為訴求
button-not-needed = 不用
candidate-filed = 已登記為訴求
candidate-dropped = 好的，不登記

state-line = #{ $number } { $action ->
    [acknowledge] 已由 { $actor } 受理
    [set_mode] 已由 { $actor } 受理（{ $mode }）
    [escalate] 已上報上級處理
    [withdraw] 已撤回
    [reopen] 居民反映未解決，重新辦理
    [auto_close] 已自動關閉
   *[other] 狀態更新
  }{ $note }
note-line = {"\u000A"}說明：{ $note }
request-resolved = ✅ 訴求 <b>#{ $number }</b> 已由 { $resolver } 辦結。{ $note }
    { $reporter } 請評價處理結果：
button-not-solved = 沒有解決，重新辦理
withdrawn = 訴求 #{ $number } 已撤回
rated = 謝謝您的評價！訴求 #{ $number } 已關閉
reopened = 訴求 #{ $number } 已重新交給負責人

report-usage = 用法：/report 訴求內容，例如 /report 3棟2單元樓梯間的燈壞了
report-in-group = 請在您所在樓棟的群組裡使用 /report 提交訴求。
my-requests = { $count ->
    [0] 您還沒有提交過訴求。
   *[other] 您的訴求（{ $count } 件）：
    { $lines }
  }
status-usage = 用法：/status 編號，例如 /status 12
status-card = { $line }
    負責人：{ $assignee } { $mode }
    內容：{ $text }
    辦理紀錄：
    { $timeline }
request-line = #{ $number } { $category } · { $state }{ $households ->
    [1] {""}
   *[other] {" "}· 👥 { $households } 戶
  } · { $created } · { $excerpt }
timeline-entry = { $at } { $actor } { action-name }{ $note }
urgent-advice = { $kind ->
    [gas] 🚨 聞到瓦斯味：不要開關任何電器和燈，不要用明火，打開門窗，馬上離開；到室外再撥打瓦斯公司電話{ $gas ->
        [none] {""}
       *[other] {" "}{ $gas }
    }。
    [fire] 🔥 著火或冒煙：馬上撥打 { $fire }。用濕毛巾摀住口鼻，走樓梯離開，不要搭電梯。
    [alarm] 🔥 煙霧警報器響而家裡沒人應：馬上撥打 { $fire }，屋裡可能有人，請告訴消防員。
    [person] 🚑 有人身體不適：馬上撥打 { $ambulance }，不要隨意搬動，留人在旁照看。
    [unseen] 🚑 獨居長者多日沒見、敲門不應：請聯繫家屬，並撥打 { $police } 請警員協助開門，必要時撥打 { $ambulance }。
    [device] 🚑 停電影響醫療設備：馬上撥打 { $ambulance }，並聯繫物業{ $property ->
        [none] {""}
       *[other] （{ $property }）
    }盡快恢復供電。
    [trapped] 🛗 有人被困電梯：按電梯裡的緊急按鈕或撥打電梯緊急電話{ $lift ->
        [none] {""}
       *[other] {" "}{ $lift }
    }，並聯繫物業；被困的人不要扳門，等待救援。
    [missing] 🚓 有人走失：馬上撥打 { $police } 報警，並在群組裡發照片、最後見到的地點和衣著。
    [wire] ⚡ 電線外露：不要靠近，看好小孩，聯繫物業斷電處理；冒火花請撥打 { $fire }。
    [collapse] ⚠️ 有東西可能掉下來：請繞行，拉開距離，聯繫物業處理。
    [flood] 💧 漏水或爆管：關掉總水閥，把電器移開，聯繫物業處理。
   *[other] 🚨 緊急情況：請注意安全，必要時撥打 { $police }。
  }
